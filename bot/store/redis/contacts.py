"""The Redis store's contact role (`bot.store.contacts`), mixed into `RedisStore`: one
hash per account (ct:<account key>, id -> JSON) and the set of accounts (ct:accounts)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from bot.store.records import dumps
from bot.store.redis.lock import redis_errors
from domain.contacts import Contact, account_key


def _sorted(contacts: list[Contact]) -> list[Contact]:
    return sorted(contacts, key=lambda c: (account_key(c.account), c.name, c.id))


class RedisContacts:
    prefix: str

    if TYPE_CHECKING:  # RedisStore's own

        @property
        def redis(self) -> Any: ...

    def _contacts_key(self, account: str) -> str:
        return f"{self.prefix}ct:{account_key(account)}"

    async def save_contact(self, contact: Contact) -> None:
        with redis_errors():
            async with self.redis.pipeline(transaction=True) as pipe:
                pipe.hset(self._contacts_key(contact.account), contact.id, dumps(contact.to_json()))
                pipe.sadd(f"{self.prefix}ct:accounts", account_key(contact.account))
                await pipe.execute()

    async def delete_contact(self, account: str, contact_id: str) -> bool:
        with redis_errors():
            return int(await self.redis.hdel(self._contacts_key(account), contact_id)) > 0

    async def list_contacts(self, account: str | None = None) -> list[Contact]:
        with redis_errors():
            if account is not None:
                accounts = [account_key(account)]
            else:
                accounts = sorted(await self.redis.smembers(f"{self.prefix}ct:accounts"))
            found: list[Contact] = []
            for key in accounts:
                raws = await self.redis.hvals(f"{self.prefix}ct:{key}")
                found.extend(Contact.from_json(json.loads(r)) for r in raws)
        return _sorted(found)
