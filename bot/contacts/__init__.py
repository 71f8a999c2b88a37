"""Authorized contacts (CallTower's MPOC rule): the directory per account (the operator's
file and the API's entries in the store), the check made as a ticket opens, and the
MPOCs' approval of MACD requests (docs/contacts.md)."""
