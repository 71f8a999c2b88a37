"""Outbound webhooks: events derived from each commit and enqueued in that very commit
(bot.webhooks.events, bot.webhooks.store), delivered by the outbox dispatcher with
its retry and backoff, signed by the Standard Webhooks scheme (bot.webhooks.sender).
A delivery is an outbox item on the address `webhook:<endpoint name>`."""
