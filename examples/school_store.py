"""Two schools keep their PLCs and a mentoring programme in one store, across restarts.

What an integrator's service does, through the services layer only:

1. ``bootstrap`` a store (a SQLite file by default, or ``--store postgresql://...``);
2. school 95 starts its PLC and three teachers join, one request sent twice with the same
   command id (a client that lost the answer): stored once;
3. school 7 runs a small mentoring programme: a track, bulk matching, the pair accepts;
4. the process "restarts" (a new ``bootstrap`` on the same store) and reads everything back;
   a writer holding a stale version is refused; what is due a week later is ticked;
5. an outbox consumer (an xAPI sender, say) reads the committed events in commit order;
6. each school's workflows are exported as JSON lines.

Run: python examples/school_store.py [--store PATH_OR_URL] [--out DIR] [--lang ru|en]
(the store needs ``pip install '.[store]'``; PostgreSQL ``'.[postgres]'``).
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pedcommunity import ConcurrentUpdate, ManualClock, PlcData
from pedcommunity.adapters.json_lines import write_json_lines
from pedcommunity.model import Leader, MentoringRequest, Teacher
from pedcommunity.services import MentoringProgramme, Services, bootstrap
from pedcommunity.workflows.mentoring_programme import ProgrammeData

TEXT = {
    "plc": (
        "ПОС школы 95: этап «{stage}», версия {version}, участники: {members}",
        "School 95's PLC: stage '{stage}', version {version}, members: {members}",
    ),
    "pairs": (
        "Программа школы 7: подопечных у наставников {load}, трек tr1 на этапе «{stage}»",
        "School 7's programme: mentees per mentor {load}, track tr1 at '{stage}'",
    ),
    "stale": (
        "Устаревшая версия отклонена: ожидалась {expected}, в хранилище {actual}",
        "A stale version was refused: expected {expected}, stored {actual}",
    ),
    "tick": ("Через неделю сработало: {fired}", "A week later, fired: {fired}"),
    "outbox": (
        "Очередь отправки: {n} событий по порядку фиксации, первое {first}",
        "Outbox: {n} events in commit order, the first {first}",
    ),
    "export": ("Выгружено: {path} ({n})", "Exported: {path} ({n})"),
}


def say(lang: str, key: str, **values: object) -> None:
    ru, en = TEXT[key]
    print((ru if lang == "ru" else en).format(**values))


def teacher(i: str, years: int) -> Teacher:
    return Teacher(id=i, name=i, organisation_id="school-7", years_experience=years)


def first_day(app: Services) -> None:
    """School 95's PLC and school 7's programme, started and moved on."""
    app.start(
        "plc_cycle",
        PlcData(name="ПОС школы 95", leader_id="head"),
        id="plc-95",
        actor="head",
        tenant="school-95",
    )
    for t in ("t1", "t2", "t3"):
        app.fire(
            "plc-95", "join", actor=t, teacher_id=t, tenant="school-95", command_id=f"lms-join-{t}"
        )
    # The LMS lost the answer to t3's request and sends it again: nothing changes.
    app.fire(
        "plc-95", "join", actor="t3", teacher_id="t3", tenant="school-95", command_id="lms-join-t3"
    )

    prog = MentoringProgramme.create(
        ProgrammeData(name="Наставничество школы 7", coordinator_ids=("coord",)),
        id="prog-7",
        actor="coord",
        clock=app.clock,
        store=app.store,
        tenant="school-7",
    )
    prog.fire("add_curator", actor="coord", teacher_id="k1", capacity=5)
    prog.fire("open_mentee_base", actor="coord")
    prog.fire("enrol_mentee", actor="coord", teacher=teacher("n1", 1))
    prog.fire("open_mentor_base", actor="coord")
    prog.fire(
        "add_leader",
        actor="coord",
        leader=Leader(teacher=teacher("m1", 18), can_teach=("digital",), capacity=2),
    )
    prog.fire("open_training", actor="coord")
    prog.fire("train_mentor", actor="coord", leader_id="m1")
    prog.fire("open_matching", actor="coord")
    prog.open_track(
        "tr1",
        mentee_ids=["n1"],
        actor="coord",
        request=MentoringRequest(goals=("Цифровые уроки",), competency_ids=("digital",)),
    )
    prog.match(actor="coord", publish=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--store", help="a SQLite file or a postgresql:// URL (default: OUT/school.db)"
    )
    parser.add_argument("--out", default="out/school_store", help="folder for the files")
    parser.add_argument("--lang", choices=("ru", "en"), default="ru")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    target = args.store or str(out / "school.db")
    if not args.store:
        (out / "school.db").unlink(missing_ok=True)  # a fresh store on every run
    clock = ManualClock(datetime(2026, 9, 1, 9, 0, tzinfo=UTC))

    app = bootstrap(target, clock=clock, plugins=False)
    app.init_store()  # creates the tables once (PostgreSQL's are not created on opening)
    first_day(app)
    app.close()

    # A restart: a new process, the same store.
    clock.advance(timedelta(days=1))
    app = bootstrap(target, clock=clock, plugins=False)
    plc = app.get("plc-95", tenant="school-95")
    say(
        args.lang,
        "plc",
        stage=plc.state_label.get(args.lang),
        version=plc.version,
        members=", ".join(plc.data.members),
    )
    prog = app.programme("prog-7", tenant="school-7")
    track = prog.track("tr1")
    say(args.lang, "pairs", load=dict(prog.load()), stage=track.state_label.get(args.lang))
    try:  # a writer that read version 2 and did not see the third join
        app.fire(
            "plc-95", "leave", actor="t1", teacher_id="t1", tenant="school-95", expected_version=2
        )
    except ConcurrentUpdate as err:
        say(args.lang, "stale", expected=err.expected, actual=err.actual)

    clock.advance(timedelta(days=7))  # nobody answered the proposal: it lapses
    fired = app.tick(tenant="school-7")
    say(args.lang, "tick", fired=", ".join(f"{e.workflow_id}:{e.trigger}" for e in fired))

    outbox = app.store.outbox()
    page = outbox.read("xapi-sender", limit=1000)
    say(args.lang, "outbox", n=len(page), first=f"{page[0].tenant}/{page[0].event.workflow_id}")
    outbox.acknowledge("xapi-sender", page[-1].position)

    for tenant in ("school-95", "school-7"):
        path = out / f"{tenant}.jsonl"
        n = write_json_lines(path, app.export(tenant=tenant), definitions=app.definitions)
        say(args.lang, "export", path=path, n=n)
    app.close()


if __name__ == "__main__":
    main()
