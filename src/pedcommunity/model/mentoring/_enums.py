"""Who plays which role in mentoring, where a pair meets, and the forms of work a mentee asks for.

Examples:
    >>> [r.value for r in Role]
    ['mentee', 'mentor', 'curator', 'coordinator']
"""

from __future__ import annotations

from pedcommunity.i18n import LabelledEnum

__all__ = ["ActivityFormat", "MeetingFormat", "Role"]


class Role(LabelledEnum):
    """Who someone is in a mentoring track or programme; triggers are allowed per role.

    Examples:
        >>> Role("curator").label.ru
        'Куратор'
    """

    MENTEE = "mentee", "Наставляемый", "Mentee"
    MENTOR = "mentor", "Наставник", "Mentor"
    CURATOR = "curator", "Куратор", "Curator"
    COORDINATOR = "coordinator", "Координатор", "Coordinator"


class MeetingFormat(LabelledEnum):
    """Where a pair meets: in person or online.

    Examples:
        >>> MeetingFormat.IN_PERSON.label.en
        'In person'
    """

    IN_PERSON = "in_person", "Очно", "In person"
    ONLINE = "online", "Онлайн", "Online"


class ActivityFormat(LabelledEnum):
    """The forms of work a mentee can ask for ("под запрос", seed 003).

    Examples:
        >>> ActivityFormat("lesson_observation").label.ru
        'Посещение и анализ уроков'
    """

    CONSULTATION = "consultation", "Консультация", "Consultation"
    LESSON_OBSERVATION = "lesson_observation", "Посещение и анализ уроков", "Lesson observation"
    MASTER_CLASS = "master_class", "Мастер-класс", "Master class"
    INTENSIVE = "intensive", "Интенсив", "Intensive"
    PROJECT = "project", "Совместный проект", "Joint project"
    CONTEST = "contest", "Участие в конкурсе", "Professional contest"
    INTERNSHIP = "internship", "Стажировка", "Internship"
    SELF_STUDY = "self_study", "Самообразование", "Self-study"
