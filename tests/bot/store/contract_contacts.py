"""The Store contract, `ContactBook` (bot.store.contacts): contacts added through the API,
kept per account (compared without case, spaces or punctuation), listed by account and name,
replaced by id and removed. See `tests.bot.store.contract` for how a backend's test
module runs it."""

from __future__ import annotations

from dataclasses import replace

from bot.store.protocol import Store
from domain.contacts import Contact
from tests.bot.store.contract import Reopen

__all__ = [
    "test_contacts_are_listed_per_account_by_name",
    "test_an_account_is_named_in_any_case_and_spacing",
    "test_a_contact_saved_again_under_its_id_is_replaced",
    "test_a_removed_contact_is_gone_and_removing_it_again_says_so",
    "test_contacts_survive_a_reopen",
]

ANA = Contact(
    "AC-10442", "Ana Pérez", "mpoc", phone="+14155552671", email="ana@example.com", id="c1"
)
BEN = Contact("AC-10442", "Ben Ode", "authorized", telegram="5550001", id="c2")
OTHER = Contact("ZX-1", "Zoe", "mpoc", email="zoe@example.org", id="c3")


async def test_contacts_are_listed_per_account_by_name(store: Store) -> None:
    for c in (BEN, OTHER, ANA):
        await store.save_contact(c)
    assert await store.list_contacts("AC-10442") == [ANA, BEN]
    assert await store.list_contacts("ZX-1") == [OTHER]
    assert await store.list_contacts("NOPE") == []
    assert await store.list_contacts() == [ANA, BEN, OTHER]


async def test_an_account_is_named_in_any_case_and_spacing(store: Store) -> None:
    await store.save_contact(ANA)
    assert await store.list_contacts("ac-10442") == [ANA]
    assert await store.list_contacts(" AC -10442") == [ANA]
    assert await store.list_contacts("ac10442") == [ANA]
    assert await store.delete_contact("ac-10442", "c1")
    assert await store.list_contacts() == []


async def test_a_contact_saved_again_under_its_id_is_replaced(store: Store) -> None:
    await store.save_contact(ANA)
    moved = replace(ANA, role="authorized", email="ana.perez@example.com")
    await store.save_contact(moved)
    assert await store.list_contacts("AC-10442") == [moved]


async def test_a_removed_contact_is_gone_and_removing_it_again_says_so(store: Store) -> None:
    await store.save_contact(ANA)
    await store.save_contact(BEN)
    assert await store.delete_contact("AC-10442", "c1") is True
    assert await store.list_contacts("AC-10442") == [BEN]
    assert await store.delete_contact("AC-10442", "c1") is False
    assert await store.delete_contact("ZX-1", "c2") is False  # another account's id
    assert await store.list_contacts("AC-10442") == [BEN]


async def test_contacts_survive_a_reopen(store: Store, reopen_store: Reopen) -> None:
    await store.save_contact(ANA)
    reopened = await reopen_store(store)
    assert await reopened.list_contacts("AC-10442") == [ANA]
