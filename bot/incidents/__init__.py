"""Outage mode: master incidents opened by staff, updates fanned out to every child's
customer on their own channel, the public status page."""
