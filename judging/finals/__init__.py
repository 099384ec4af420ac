"""The finals day: rooms and their panels, the timetable of the finalists' presentations, the finalist's own slot,
the judges' running order with private interview notes, and the room chair's view."""
