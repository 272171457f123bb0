"""Events for tests: an event of a kind the data migration seeded, speakers, materials."""

import datetime

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from events.models import Event, EventKind, EventMaterial, Registration, Speaker

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def kind(key: str) -> EventKind:
    return EventKind.objects.get(key=key)


def soon(days: int = 10, hour: int = 15) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    kind = factory.LazyFunction(lambda: kind("expert_study"))
    title = factory.Sequence(lambda n: f"テストの勉強会{n}")
    starts_at = factory.LazyFunction(soon)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=1))
    audience = "members"

    @factory.post_generation
    def invited(self, create, extracted, **kwargs):
        if create and extracted:
            self.invited_organisations.set(extracted)


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    event = factory.SubFactory(EventFactory)
    kind = Speaker.Kind.OUTSIDE
    affiliation = "架空省"
    name = "山田"
    title = "調整官"


def material(event, title="スライド") -> EventMaterial:
    item = EventMaterial(event=event, title=title)
    item.file.save("slides.pdf", ContentFile(PDF), save=True)
    return item


def register(event, user, **kwargs) -> Registration:
    return Registration.objects.create(event=event, user=user, **kwargs)
