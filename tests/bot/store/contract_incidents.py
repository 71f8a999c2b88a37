"""The Store contract, `Incidents` (bot.store.incidents): master incidents saved whole under
a version, listed newest first, and their children linked inside a turn's commit. See
`tests.bot.store.contract` for how a backend's test module runs it."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bot.store.protocol import Store, TurnCommit, VersionConflict
from domain.incident import Incident, IncidentMatch, IncidentStatus, IncidentUpdate
from tests.factories import T0, make_ticket

__all__ = [
    "test_incident_ids_increase_from_one",
    "test_an_incident_round_trips_whole",
    "test_an_incident_save_is_refused_unless_it_follows_the_stored_version",
    "test_incidents_list_newest_first_and_resolved_ones_leave_the_open_list",
    "test_children_are_linked_in_a_turns_commit_and_paged_by_ticket_number",
    "test_a_refused_turn_links_no_child",
    "test_a_ticket_that_names_its_incident_is_linked_by_its_commit",
    "test_an_unlinked_child_leaves_the_list_and_the_count",
]


def _incident(incident_id: int, **kw: object) -> Incident:
    base = Incident(
        id=incident_id,
        title="SIP trunks down in Dallas",
        created_at=T0,
        summary={"en": "Calls fail in Dallas", "es": "Las llamadas fallan en Dallas"},
        service="calling",
        match=IncidentMatch(
            keywords=("dallas", "llamadas"), services=("calling",), regions=("Dallas", "+1214")
        ),
        priority="P1G",
    )
    return replace(base, **kw)  # type: ignore[arg-type]


async def test_incident_ids_increase_from_one(store: Store) -> None:
    first = await store.next_incident_id()
    second = await store.next_incident_id()
    assert first == 1
    assert second == 2


async def test_an_incident_round_trips_whole(store: Store) -> None:
    update = IncidentUpdate(1, T0 + timedelta(minutes=5), "Carrier engaged", "Operador avisado")
    incident = _incident(
        1,
        updates=(update,),
        subscribers=("email:noc@example.com",),
        master_ticket=10001,
        updated_at=T0 + timedelta(minutes=5),
        source="statuspage:p31zjtct2jer",  # a mirror of an external page's incident
    )
    await store.save_incident(incident)
    assert await store.get_incident(1) == incident
    assert await store.get_incident(2) is None


async def test_an_incident_save_is_refused_unless_it_follows_the_stored_version(
    store: Store,
) -> None:
    await store.save_incident(_incident(1))
    with pytest.raises(VersionConflict):
        await store.save_incident(_incident(1))  # version 1 again: someone else created it
    with pytest.raises(VersionConflict):
        await store.save_incident(_incident(1, version=3, title="skipped one"))
    await store.save_incident(_incident(1, version=2, status=IncidentStatus.IDENTIFIED))
    stored = await store.get_incident(1)
    assert stored is not None
    assert (stored.version, stored.status) == (2, IncidentStatus.IDENTIFIED)
    with pytest.raises(ValueError):
        await store.save_incident(_incident(2, version=0))


async def test_incidents_list_newest_first_and_resolved_ones_leave_the_open_list(
    store: Store,
) -> None:
    for n in (1, 2, 3):
        await store.save_incident(_incident(n))
    await store.save_incident(
        _incident(2, version=2, status=IncidentStatus.RESOLVED, resolved_at=T0)
    )
    assert [i.id for i in await store.list_incidents()] == [3, 2, 1]
    assert [i.id for i in await store.list_incidents(open_only=True)] == [3, 1]
    assert [i.id for i in await store.list_incidents(limit=1)] == [3]
    assert await store.list_incidents(limit=0) == []


async def test_children_are_linked_in_a_turns_commit_and_paged_by_ticket_number(
    store: Store,
) -> None:
    await store.save_incident(_incident(1))
    for number in (10005, 10001, 10003):
        await store.commit(
            TurnCommit(
                at=T0,
                tickets=(make_ticket(number=number),),
                incident_children=((1, number),),
            )
        )
    await store.commit(TurnCommit(at=T0, incident_children=((1, 10003),)))  # linked again
    assert await store.count_incident_children(1) == 3
    assert await store.incident_children(1) == [10001, 10003, 10005]
    assert await store.incident_children(1, limit=2) == [10001, 10003]
    assert await store.incident_children(1, after=10003) == [10005]
    assert await store.incident_children(2) == []
    assert await store.count_incident_children(2) == 0


async def test_a_refused_turn_links_no_child(store: Store) -> None:
    await store.commit(TurnCommit(at=T0, dedup_key="sms:SM1"))
    from bot.store.protocol import DuplicateTurn

    with pytest.raises(DuplicateTurn):
        await store.commit(TurnCommit(at=T0, dedup_key="sms:SM1", incident_children=((1, 10001),)))
    assert await store.count_incident_children(1) == 0


async def test_a_ticket_that_names_its_incident_is_linked_by_its_commit(store: Store) -> None:
    await store.save_incident(_incident(1))
    child = make_ticket(number=10007, fields={"incident": "1"})
    unlinked = make_ticket(number=10008, fields={"incident": ""})  # "not that"
    await store.commit(TurnCommit(at=T0, tickets=(child, unlinked)))
    assert await store.incident_children(1) == [10007]


async def test_an_unlinked_child_leaves_the_list_and_the_count(store: Store) -> None:
    await store.save_incident(_incident(1))
    await store.commit(TurnCommit(at=T0, incident_children=((1, 10001), (1, 10002))))
    assert await store.remove_incident_child(1, 10001) is True
    assert await store.remove_incident_child(1, 10001) is False  # already gone
    assert await store.remove_incident_child(2, 10002) is False  # another incident's
    assert await store.incident_children(1) == [10002]
    assert await store.count_incident_children(1) == 1
    # linked again: listed again
    await store.commit(
        TurnCommit(at=T0, tickets=(make_ticket(number=10001, fields={"incident": "1"}),))
    )
    assert await store.incident_children(1) == [10001, 10002]
