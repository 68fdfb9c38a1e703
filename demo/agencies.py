"""The demo council's registry (data/agencies.toml). Idempotent: keyed by names."""

from typing import Any

from agencies.models import Agency, Approach, CouncilRole, Sector, Service
from demo.files import read

ACCESS_WAYS = ("walk_in", "outreach", "phone", "online")


def _access(ways: list[str]) -> dict[str, bool]:
    unknown = set(ways) - set(ACCESS_WAYS)
    if unknown:
        raise ValueError(f"Unknown ways of access in agencies.toml: {sorted(unknown)}")
    return {f"access_{way}": way in ways for way in ACCESS_WAYS}


def _seed_services(agency: Agency, services: list[dict[str, Any]]) -> None:
    for service in services:
        Service.objects.update_or_create(
            agency=agency,
            name=service["name"],
            defaults={
                "approach": Approach(service["approach"]),
                "description": service["description"],
                "age_min": service.get("age_min"),  # left out in the file: no limit
                "age_max": service.get("age_max"),
                **_access(service["access"]),
            },
        )


def seed_agencies() -> dict[str, Agency]:
    """Create or update the demo agencies and services; returns them by name."""
    agencies: dict[str, Agency] = {}
    for entry in read("agencies")["agencies"]:
        agency, _ = Agency.objects.update_or_create(
            name=entry["name"],
            defaults={
                "name_kana": entry["name_kana"],
                "sector": Sector.objects.get_or_create(name=entry["sector"])[0],
                "council_role": CouncilRole(entry["council_role"]),
                "address": entry["address"],
                "phone": entry["phone"],
                "email": entry["email"],
                "roles_description": entry["roles_description"],
                "is_active": True,  # a run puts back any agency deactivated while trying the demo
            },
        )
        agencies[entry["name"]] = agency
        _seed_services(agency, entry.get("services", []))
    return agencies
