from django.urls import path

from cases.views import cases, ledger, notes, people, plan, sheets, team

app_name = "cases"

urlpatterns = [
    path("", cases.index, name="index"),
    path("intake/", cases.intake, name="intake"),
    path("tasks/", plan.my_tasks, name="my-tasks"),
    path("intake/key-workers/", cases.key_worker_options, name="key-worker-options"),
    path("ledger/", ledger.ledger_page, name="ledger"),
    path("ledger/<int:pk>/review/", ledger.ledger_review, name="ledger-review"),
    path("ledger/export.<str:fmt>", ledger.ledger_export, name="ledger-export"),
    path("ledger/exports/<int:pk>/", ledger.ledger_export_file, name="ledger-export-file"),
    path("inactive-agencies/", ledger.inactive_teams, name="inactive-teams"),
    path("people/<int:pk>/", people.person, name="person"),
    path("people/<int:pk>/edit/", people.person_edit, name="person-edit"),
    path("people/<int:pk>/merge/<int:other_pk>/", people.person_merge, name="person-merge"),
    path("<int:pk>/", cases.detail, name="detail"),
    path("<int:pk>/edit/", cases.edit, name="edit"),
    path("<int:pk>/lead/", cases.lead, name="lead"),
    path("<int:pk>/status/", cases.transition, name="transition"),
    path("<int:pk>/close/", cases.close, name="close"),
    path("<int:pk>/reopen/", cases.reopen, name="reopen"),
    path("<int:pk>/history/", cases.history, name="history"),
    path("<int:pk>/face-sheet/", sheets.face_sheet, name="face-sheet"),
    path("<int:pk>/team/add/", team.team_add, name="team-add"),
    path("<int:pk>/team/<int:member_pk>/edit/", team.team_edit, name="team-edit"),
    path("<int:pk>/team/<int:member_pk>/remove/", team.team_remove, name="team-remove"),
    path("<int:pk>/plan/", plan.plan_edit, name="plan-edit"),
    path("<int:pk>/plan/goals/add/", plan.goal_add, name="goal-add"),
    path("<int:pk>/plan/goals/<int:goal_pk>/achieved/", plan.goal_achieved, name="goal-achieved"),
    path("<int:pk>/plan/tasks/add/", plan.task_add, name="task-add"),
    path("<int:pk>/plan/tasks/<int:task_pk>/edit/", plan.task_edit, name="task-edit"),
    path("<int:pk>/plan/tasks/<int:task_pk>/status/", plan.task_status, name="task-status"),
    path("<int:pk>/notes/add/", notes.note_add, name="note-add"),
    path("<int:pk>/notes/<int:note_pk>/amend/", notes.note_amend, name="note-amend"),
]
