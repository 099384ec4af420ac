"""The health endpoint for load balancers and container health checks: GET /health/ answers 200 when every
check passes and 500 otherwise (django-health-check; ?format=json or Accept: application/json for JSON).

Checks: the database (SELECT 1), the shared cache (a key written and read back), the private storage (a small
file written, read and deleted: the local folder or the bucket). Each says "OK" or a short reason that never
holds a host name, a password or a path; details go to the log. No sign-in, no session, no secrets.
"""

from health_check import Cache, Database, Storage
from health_check.views import HealthCheckView

HEALTH_CHECKS = (Database, Cache, Storage)

health = HealthCheckView.as_view(checks=HEALTH_CHECKS)
