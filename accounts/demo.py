"""Demo users for every role. Passwords are given in the README."""

from accounts.models import Role, User
from agencies.models import Agency

DEMO_PASSWORD = "tsunagu-demo-2026"  # noqa: S105 - demo data, documented in README

COORDINATING = "みどり市こども未来部くらし支援課"
NPO = "NPO法人みどり若者サポートネット"
EDU = "みどり市教育委員会教育支援センター"

# login, family, given, family kana, given kana, agency, role, job title
USERS = [
    ("coordinator", "佐藤", "美咲", "サトウ", "ミサキ", COORDINATING, Role.COORDINATOR, "主査"),
    (
        "coordinator2",
        "山本",
        "大輔",
        "ヤマモト",
        "ダイスケ",
        COORDINATING,
        Role.COORDINATOR,
        "主任",
    ),
    ("practitioner", "高橋", "健太", "タカハシ", "ケンタ", NPO, Role.PRACTITIONER, "相談支援員"),
    ("outreach", "中村", "さくら", "ナカムラ", "サクラ", NPO, Role.PRACTITIONER, "アウトリーナー"),
    ("teacher", "田中", "由美", "タナカ", "ユミ", EDU, Role.PRACTITIONER, "教育相談員"),
    ("hoken", "小林", "直子", "コバヤシ", "ナオコ", "みどり保健所", Role.PRACTITIONER, "保健師"),
    (
        "welfare",
        "伊藤",
        "誠",
        "イトウ",
        "マコト",
        "みどり市福祉事務所生活福祉課",
        Role.PRACTITIONER,
        "ケースワーカー",
    ),
    (
        "saposute",
        "渡辺",
        "翔",
        "ワタナベ",
        "ショウ",
        "みどり地域若者サポートステーション",
        Role.PRACTITIONER,
        "キャリアコンサルタント",
    ),
    (
        "representative",
        "鈴木",
        "一郎",
        "スズキ",
        "イチロウ",
        EDU,
        Role.REPRESENTATIVE,
        "センター長",
    ),
]


def seed_users(agencies: dict[str, Agency]) -> list[User]:
    users = []
    for login, family, given, f_kana, g_kana, agency, role, title in USERS:
        user, _ = User.objects.update_or_create(
            username=login,
            defaults={
                "family_name": family,
                "given_name": given,
                "family_name_kana": f_kana,
                "given_name_kana": g_kana,
                "agency": agencies[agency],
                "role": role,
                "job_title": title,
                "email": f"{login}@example.jp",
                "is_active": True,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        users.append(user)
    admin, _ = User.objects.update_or_create(
        username="admin",
        defaults={
            "family_name": "管理",
            "given_name": "太郎",
            "family_name_kana": "カンリ",
            "given_name_kana": "タロウ",
            "agency": agencies[COORDINATING],
            "role": Role.COORDINATOR,
            "email": "admin@example.jp",
            "is_staff": True,
            "is_superuser": True,
        },
    )
    admin.set_password(DEMO_PASSWORD)
    admin.save(update_fields=["password"])
    return [*users, admin]
