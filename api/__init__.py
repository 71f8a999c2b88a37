"""The ticket API v1 (an adapter, beside `channels` and `handoff`): bearer tokens with
scopes, tickets read and written through the agent desk's own actions, webhook
deliveries, export, and the OpenAPI document that describes all of it (docs/api.md)."""
