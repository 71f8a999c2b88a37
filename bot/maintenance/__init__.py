"""Maintenance windows: the plan's recurring ones and staff's (the API), their notices,
what intake and the status page say about them (docs/outage.md)."""
