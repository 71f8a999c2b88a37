"""Customers' files served to agents behind signed, expiring links (`links.py`), fetched
from the provider on the first download when they are not on disk yet (`serve.py`)."""
