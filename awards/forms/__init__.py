"""Forms validate and tidy input; their callers pass cleaned data to a service."""
