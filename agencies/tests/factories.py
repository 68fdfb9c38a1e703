import factory

from agencies.models import Agency, Approach, CouncilRole, Sector, Service


class SectorFactory(factory.django.DjangoModelFactory[Sector]):
    class Meta:
        model = Sector
        django_get_or_create = ("name",)

    name = factory.Iterator(["教育", "児童福祉", "保健", "雇用・就労支援", "NPO・民間団体"])


class AgencyFactory(factory.django.DjangoModelFactory[Agency]):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"テスト機関{n:03d}")
    name_kana = factory.Sequence(lambda n: f"テストキカン{n:03d}")
    sector = factory.SubFactory(SectorFactory)
    council_role = CouncilRole.MEMBER
    phone = "0120-000-000"


class ServiceFactory(factory.django.DjangoModelFactory[Service]):
    class Meta:
        model = Service

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"サービス{n}")
    approach = Approach.PERSON
