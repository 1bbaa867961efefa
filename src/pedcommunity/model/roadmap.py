"""A community's roadmap (seed 004): four stages, each with a period, content and results.

Seed 004's district network community of primary-school teachers plans its year in four
stages (:class:`RoadmapPhase`): analysis («аналитико-концептуальный»), preparation
(«организационно-подготовительный»), implementation («внедренческий») and reflection
(«рефлексивно-аналитический»). A :class:`RoadmapStage` holds one stage's period, its content
(the planned activities) and its expected results, each a :class:`RoadmapItem` with an id and
Russian and English text; a :class:`RoadmapPlan` holds the four stages in order.
:data:`AKTANYSH_NETWORK_ROADMAP` is seed 004's roadmap itself (May 2018 to May 2019).

The roadmap workflow (:mod:`pedcommunity.workflows.roadmap`) runs a plan: it records the
activities done and the results reached, and moves to the next stage once every expected
result of the current one is recorded.

Examples:
    >>> [s.phase.label.ru for s in AKTANYSH_NETWORK_ROADMAP.stages]
    ... # doctest: +NORMALIZE_WHITESPACE
    ['Аналитико-концептуальный', 'Организационно-подготовительный', 'Внедренческий',
     'Рефлексивно-аналитический']
    >>> AKTANYSH_NETWORK_ROADMAP.start, AKTANYSH_NETWORK_ROADMAP.end
    (datetime.date(2018, 5, 1), datetime.date(2019, 5, 31))
"""

from __future__ import annotations

import itertools
from datetime import date

import attrs

from pedcommunity.errors import DuplicateId, UnknownId
from pedcommunity.i18n import Label, LabelledEnum
from pedcommunity.model._dates import check_date
from pedcommunity.model._fields import check_id, instances_of, to_tuple

__all__ = [
    "AKTANYSH_NETWORK_ROADMAP",
    "RoadmapItem",
    "RoadmapPhase",
    "RoadmapPlan",
    "RoadmapStage",
]


class RoadmapPhase(LabelledEnum):
    """The four stages of a roadmap, in order (seed 004).

    Examples:
        >>> RoadmapPhase("implementation").label.en
        'Implementation'
        >>> RoadmapPhase.ANALYSIS.next()
        <RoadmapPhase.PREPARATION: 'preparation'>
    """

    ANALYSIS = "analysis", "Аналитико-концептуальный", "Analysis and concept"
    PREPARATION = "preparation", "Организационно-подготовительный", "Organisation and preparation"
    IMPLEMENTATION = "implementation", "Внедренческий", "Implementation"
    REFLECTION = "reflection", "Рефлексивно-аналитический", "Reflection and analysis"

    @property
    def index(self) -> int:
        """The stage's place in the roadmap: 0 for analysis to 3 for reflection."""
        return _PHASES.index(self)

    def next(self) -> RoadmapPhase | None:
        """The stage after this one, ``None`` after reflection."""
        i = self.index + 1
        return _PHASES[i] if i < len(_PHASES) else None


_PHASES = tuple(RoadmapPhase)


@attrs.frozen
class RoadmapItem:
    """A planned activity or an expected result of a stage: an id and its text.

    Examples:
        >>> RoadmapItem(id="platform", text=Label(ru="Выбрана площадка",
        ...                                       en="A platform is chosen")).text.en
        'A platform is chosen'
    """

    id: str = attrs.field(validator=check_id)
    text: Label = attrs.field(validator=attrs.validators.instance_of(Label))


def _unique_items(
    instance: object, attribute: attrs.Attribute[tuple[RoadmapItem, ...]], value: object
) -> None:
    seen: set[str] = set()
    for item in value:  # type: ignore[attr-defined]
        if item.id in seen:
            raise DuplicateId(kind="roadmap item", id=item.id, field=attribute.name)
        seen.add(item.id)


@attrs.frozen
class RoadmapStage:
    """One stage of a roadmap: its period, its content and its expected results.

    Raises:
        ValueError: the period ends before it starts, or there is no expected result.
        DuplicateId: two activities or two results share an id.

    Examples:
        >>> s = AKTANYSH_NETWORK_ROADMAP.stage(RoadmapPhase.ANALYSIS)
        >>> s.start, s.end, s.expected_results[0].text.en
        (datetime.date(2018, 5, 1), datetime.date(2018, 6, 30), 'The project roadmap is drawn up')
        >>> attrs.evolve(s, end=date(2018, 4, 1))
        Traceback (most recent call last):
        ...
        ValueError: end 2018-04-01 is before start 2018-05-01 of stage 'analysis'
    """

    phase: RoadmapPhase = attrs.field(validator=attrs.validators.instance_of(RoadmapPhase))
    start: date = attrs.field(validator=check_date)
    end: date = attrs.field(validator=check_date)
    activities: tuple[RoadmapItem, ...] = attrs.field(
        converter=to_tuple, validator=[instances_of(RoadmapItem), _unique_items]
    )
    expected_results: tuple[RoadmapItem, ...] = attrs.field(
        converter=to_tuple, validator=[instances_of(RoadmapItem), _unique_items]
    )

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(
                f"end {self.end} is before start {self.start} of stage '{self.phase.value}'"
            )
        if not self.expected_results:
            raise ValueError(
                f"expected_results of stage '{self.phase.value}' must name at least one result"
            )

    @property
    def label(self) -> Label:
        """The stage's Russian and English name."""
        return self.phase.label

    def activity(self, activity_id: str) -> RoadmapItem:
        """The planned activity with this id.

        Raises:
            UnknownId: the stage plans no such activity.

        Examples:
            >>> AKTANYSH_NETWORK_ROADMAP.stage(RoadmapPhase.ANALYSIS).activity("plan").text.ru
            'Планирование деятельности по реализации проекта'
        """
        for item in self.activities:
            if item.id == activity_id:
                return item
        raise UnknownId(kind="activity", id=activity_id, known=(a.id for a in self.activities))

    def result(self, result_id: str) -> RoadmapItem:
        """The expected result with this id.

        Raises:
            UnknownId: the stage expects no such result.

        Examples:
            >>> AKTANYSH_NETWORK_ROADMAP.stage(RoadmapPhase.ANALYSIS).result("x")
            Traceback (most recent call last):
            ...
            pedcommunity.errors.UnknownId: Unknown result 'x'; known: 'roadmap'.
        """
        for item in self.expected_results:
            if item.id == result_id:
                return item
        raise UnknownId(kind="result", id=result_id, known=(r.id for r in self.expected_results))


def _four_stages(
    instance: object, attribute: attrs.Attribute[tuple[RoadmapStage, ...]], value: object
) -> None:
    stages: tuple[RoadmapStage, ...] = value  # type: ignore[assignment]
    phases = tuple(s.phase for s in stages)
    if phases != _PHASES:
        raise ValueError(
            f"{attribute.name} must be the four stages in order "
            f"({', '.join(p.value for p in _PHASES)}), got ({', '.join(p.value for p in phases)})"
        )
    for before, after in itertools.pairwise(stages):
        # Stages may overlap (seed 004: May-June, then June-July) but not run backwards.
        if after.start < before.start or after.end < before.end:
            raise ValueError(
                f"{attribute.name}: stage '{after.phase.value}' ({after.start} to {after.end}) "
                f"must not start or end before stage '{before.phase.value}' "
                f"({before.start} to {before.end})"
            )
    seen: set[str] = set()
    for stage in stages:
        for item in (*stage.activities, *stage.expected_results):
            if item.id in seen:
                raise DuplicateId(kind="roadmap item", id=item.id, field=attribute.name)
            seen.add(item.id)


@attrs.frozen
class RoadmapPlan:
    """A roadmap: its title, goal and target group, and its four stages in order.

    Stages may overlap but not run backwards; every activity and result id is unique across
    the plan, so a record names one item.

    Raises:
        ValueError: the stages are not the four phases in order, or run backwards.
        DuplicateId: an item id is used twice in the plan.

    Examples:
        >>> plan = AKTANYSH_NETWORK_ROADMAP
        >>> plan.stage(RoadmapPhase.IMPLEMENTATION).start
        datetime.date(2018, 8, 1)
        >>> RoadmapPlan(title=plan.title, stages=plan.stages[:3])
        Traceback (most recent call last):
        ...
        ValueError: stages must be the four stages in order (analysis, preparation, \
implementation, reflection), got (analysis, preparation, implementation)
    """

    title: Label = attrs.field(validator=attrs.validators.instance_of(Label))
    stages: tuple[RoadmapStage, ...] = attrs.field(
        converter=to_tuple, validator=[instances_of(RoadmapStage), _four_stages]
    )
    goal: Label | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Label))
    )
    target_group: Label | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Label))
    )

    @property
    def start(self) -> date:
        """The first day of the first stage."""
        return self.stages[0].start

    @property
    def end(self) -> date:
        """The last day of the last stage."""
        return self.stages[-1].end

    def stage(self, phase: RoadmapPhase) -> RoadmapStage:
        """The stage of ``phase``."""
        return self.stages[phase.index]

    def with_stage(self, stage: RoadmapStage) -> RoadmapPlan:
        """A new plan with ``stage`` in place of the stage of the same phase.

        Raises:
            ValueError: the new stage breaks the plan's order.
            DuplicateId: the new stage reuses an id of another stage.

        Examples:
            >>> plan = AKTANYSH_NETWORK_ROADMAP
            >>> later = attrs.evolve(plan.stage(RoadmapPhase.REFLECTION), end=date(2019, 6, 15))
            >>> plan.with_stage(later).end
            datetime.date(2019, 6, 15)
        """
        stages = list(self.stages)
        stages[stage.phase.index] = stage
        return attrs.evolve(self, stages=stages)


# -- seed 004's roadmap ------------------------------------------------------------------------


def _items(*rows: tuple[str, str, str]) -> tuple[RoadmapItem, ...]:
    return tuple(RoadmapItem(id=i, text=Label(ru=ru, en=en)) for i, ru, en in rows)


#: Seed 004: the roadmap of the network community of primary-school teachers of the Aktanysh
#: district (Tatarstan), May 2018 to May 2019. The seed gives months («Май-июнь»...); each
#: stage runs from the first day of its first month to the last day of its last month.
AKTANYSH_NETWORK_ROADMAP = RoadmapPlan(
    title=Label(
        ru="«Дорожная карта» реализации проекта по созданию сетевого сообщества учителей "
        "начальных классов",
        en="Roadmap of the project to create a network community of primary-school teachers",
    ),
    goal=Label(
        ru="Создание единого информационного пространства для учителей начальных классов "
        "Актанышского района",
        en="A single information space for the primary-school teachers of the Aktanysh district",
    ),
    target_group=Label(
        ru="Творчески работающие учителя начальных классов района",
        en="Creative primary-school teachers of the district",
    ),
    stages=(
        RoadmapStage(
            phase=RoadmapPhase.ANALYSIS,
            start=date(2018, 5, 1),
            end=date(2018, 6, 30),
            activities=_items(
                (
                    "plan",
                    "Планирование деятельности по реализации проекта",
                    "Planning the work to carry out the project",
                ),
            ),
            expected_results=_items(
                (
                    "roadmap",
                    "Разработана дорожная карта по реализации проекта",
                    "The project roadmap is drawn up",
                ),
            ),
        ),
        RoadmapStage(
            phase=RoadmapPhase.PREPARATION,
            start=date(2018, 6, 1),
            end=date(2018, 7, 31),
            activities=_items(
                (
                    "choose_platform",
                    "Выбор площадки для создания сетевого сообщества",
                    "Choosing a platform for the network community",
                ),
                (
                    "network_mechanisms",
                    "Разработка механизмов работы сетевого взаимодействия",
                    "Designing how the network collaboration works",
                ),
                (
                    "management",
                    (
                        "Рассмотреть организационно-управленческую сторону сетевого "
                        "педагогического сообщества"
                    ),
                    "Working out the organisation and management of the network community",
                ),
            ),
            expected_results=_items(
                ("platform_chosen", "Выбрана площадка", "A platform is chosen"),
                (
                    "conditions",
                    "Созданы условия для реализации плановых мероприятий проекта",
                    "Conditions are in place for the project's planned activities",
                ),
                (
                    "site_sections",
                    (
                        "Проект сетевого педагогического сообщества содержит следующие основные "
                        "разделы: регистрация; новости, объявления портала; участники; библиотека "
                        "(методические материалы, нормативные документы, цифровые образовательные "
                        "ресурсы, а также ссылки на внешние источники информации); подготовка к "
                        "ВПР; тематический форум, который объединяет всех участников сообщества"
                    ),
                    (
                        "The community's site has these main sections: registration; portal news "
                        "and announcements; members; a library (teaching materials, regulations, "
                        "digital learning resources and links to outside sources); preparation for "
                        "the VPR national tests; a topic forum that brings all members together"
                    ),
                ),
                (
                    "administrator",
                    (
                        "Администратор сетевого сообщества (автор проекта) отвечает за создание и "
                        "функционирование сайта сообщества, включение в структуру сайта новых "
                        "сервисов, размещение (удаление) материалов, включение в сообщество вновь "
                        "зарегистрированных участников; обеспечивает бесперебойную работу сайта, "
                        "размещение всех необходимых материалов, рассылку информации для субъектов "
                        "сетевого образовательного сообщества"
                    ),
                    (
                        "The community's administrator (the project's author) is responsible for "
                        "creating and running the community site, adding new services to it, "
                        "posting (removing) materials and admitting newly registered members; "
                        "keeps the site running without interruption, posts all the materials "
                        "needed and sends news to the members of the network community"
                    ),
                ),
            ),
        ),
        RoadmapStage(
            phase=RoadmapPhase.IMPLEMENTATION,
            start=date(2018, 8, 1),
            end=date(2019, 4, 30),
            activities=_items(
                (
                    "support",
                    "Поддержка деятельности сетевого сообщества",
                    "Supporting the network community's work",
                ),
            ),
            expected_results=_items(
                (
                    "participation",
                    "Активное и систематическое участие каждого педагога, обмен опытом",
                    "Every teacher takes part actively and regularly; experience is shared",
                ),
                (
                    "database",
                    (
                        "Создание базы данных с методическими разработками, задачами по математике "
                        "на татарском языке"
                    ),
                    "A database of teaching materials and of mathematics problems in Tatar",
                ),
                ("links", "Создание коллекции ссылок", "A collection of links"),
                ("survey", "Опрос", "A survey"),
                ("chat", "Обсуждение в чате", "Discussion in the chat"),
                (
                    "feedback_form",
                    "Форма обратной связи между членами сообщества (внутренняя переписка)",
                    "A feedback form between members (internal messages)",
                ),
            ),
        ),
        RoadmapStage(
            phase=RoadmapPhase.REFLECTION,
            start=date(2019, 5, 1),
            end=date(2019, 5, 31),
            activities=_items(
                (
                    "monitoring",
                    "Мониторинг и оценка результатов",
                    "Monitoring and evaluating the results",
                ),
            ),
            expected_results=_items(
                (
                    "more_members",
                    "Рост числа активных участников",
                    "More active members",
                ),
                (
                    "community_page",
                    "Оформление страницы сообщества",
                    "The community page is designed",
                ),
                (
                    "activity_range",
                    (
                        "Разнообразие видов деятельности, соответствующее целям и задачам "
                        "сообщества (информационная, методическая, консультативная, "
                        "экспертно-аналитическая)"
                    ),
                    (
                        "A range of activities that fits the community's goals and tasks "
                        "(information, methodology, consulting, expert analysis)"
                    ),
                ),
                (
                    "publications",
                    "Публикация методических разработок",
                    "Teaching materials are published",
                ),
                (
                    "joint_resources",
                    "Взаимодействие педагогов в целях разработки образовательных ресурсов",
                    "Teachers work together to develop learning resources",
                ),
                (
                    "all_done",
                    "100% выполнение запланированных мероприятий",
                    "100% of the planned activities are carried out",
                ),
                (
                    "positive_feedback",
                    "Позитивная обратная связь со стороны участников проекта",
                    "Positive feedback from the project's participants",
                ),
                (
                    "engagement",
                    (
                        "Вовлечение и участие учителей в деятельность сообщества, основанной на "
                        "диалоговом взаимодействии педагогов и способствующей росту их "
                        "профессиональной компетентности"
                    ),
                    (
                        "Teachers are engaged in the community's work, built on dialogue between "
                        "them and helping their professional competence grow"
                    ),
                ),
                (
                    "innovation",
                    "Деятельность педагогов в инновационном режиме",
                    "Teachers work in an innovative mode",
                ),
            ),
        ),
    ),
)
