"""Child plans on top of the shared world (tests/world.py): Đảng bộ Sở Tài chính's implementation plan of
62-KH/ĐUK, in the interchange format, each task naming the world plan's task it carries out."""

from tests.world import World


def child_plan_data(world: World, *, symbol: str = "05-KH/ĐU", owner=None, links=None, dated_on="2023-02-20"):
    """Two sections: the first carries out the world plan's ongoing task (II.a) and its dated task (II.b, before
    `dated_on`), the second its annual task (II.2.1.a). `links` replaces the parent task numbers."""
    owner = owner or world.org
    numbers = links or [world.ongoing.number, world.dated.number, world.annual.number]

    def task(text, number, deadline):
        return {"text": text, "deadline": deadline, "parent_task": number, "assignees": []}

    return {
        "format": "plantrack.plan/1",
        "document": {
            "symbol": symbol,
            "type": "KH",
            "issued_on": "2023-02-10",
            "title": "Kế hoạch thực hiện",
        },
        "owner": owner.code,
        "parent": {"symbol": world.plan.document.symbol},
        "period": {"start": "2023-01-01", "end": "2025-12-31"},
        "sections": [
            {
                "label": "I",
                "title": "Nhiệm vụ",
                "tasks": [
                    task("Học tập, quán triệt Nghị quyết 21-NQ/TW", numbers[0], {"kind": "ongoing"}),
                    task(
                        "Xây dựng kế hoạch của các chi bộ trực thuộc",
                        numbers[1],
                        {"kind": "dated", "due_on": dated_on, "precision": "day"},
                    ),
                ],
            },
            {
                "label": "II",
                "title": "Đánh giá",
                "tasks": [task("Đánh giá chất lượng chi bộ hằng năm", numbers[2], {"kind": "annual"})],
            },
        ],
    }


def two_child_plans(world: World):
    """Đảng bộ Sở Tài chính's plan 05-KH/ĐU carries out II.a, II.b (its own date 15/03/2023, after the bloc's
    28/02/2023) and II.2.1.a; Đảng bộ Sở Y tế's 03-KH/ĐU carries out II.a only. Chi bộ Sở Tư pháp has none."""
    from tasks.plan_import.save import plan_import

    finance = plan_import(data=child_plan_data(world, dated_on="2023-03-15"))
    health_data = child_plan_data(
        world, symbol="03-KH/ĐU", owner=world.sibling_org, links=[world.ongoing.number, None, None]
    )
    health = plan_import(data=health_data)
    return finance, health
