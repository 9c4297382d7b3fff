"""The key-project module's rows of the isolation matrix (read by devzone/core/tests/test_isolation.py)."""

ISO = "devzone.projects.tests.test_isolation::"

PAGE_MATRIX = {
    "projects:home": ISO + "test_home_sends_each_role_to_its_own_work",
    "projects:mine": ISO + "test_an_enterprise_sees_only_its_own_projects_public_progress",
    "projects:portfolio": ISO + "test_lists_never_show_another_zones_rows",
    "projects:agents": ISO + "test_lists_never_show_another_zones_rows",
    "projects:visit_list": ISO + "test_lists_never_show_another_zones_rows",
    "projects:problem_list": ISO + "test_lists_never_show_another_zones_rows",
    "projects:problem_stats": ISO + "test_lists_never_show_another_zones_rows",
    "projects:dispatch_list": ISO + "test_lists_never_show_another_zones_rows",
    "projects:settings": ISO + "test_forms_cannot_name_another_zones_project_or_staff",
    "projects:handover": ISO + "test_forms_cannot_name_another_zones_project_or_staff",
    "projects:problem_new": ISO + "test_forms_cannot_name_another_zones_project_or_staff",
    "projects:project_detail": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "projects:visit_new": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "projects:visit_photo": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "projects:problem_detail": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "projects:dispatch_detail": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "projects:dispatch_download": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "projects:project_action": ISO + "test_each_page_action_works_in_zone_a_and_is_404_in_zone_b",
    "projects:problem_action": ISO + "test_each_page_action_works_in_zone_a_and_is_404_in_zone_b",
    "projects:dispatch_generate": ISO + "test_dispatch_generation_is_for_the_users_own_zone",
}

API_MATRIX = {
    "keyproject_list": ISO + "test_api_lists_never_contain_another_zones_rows",
    "visit_list": ISO + "test_api_lists_never_contain_another_zones_rows",
    "problem_list": ISO + "test_api_lists_never_contain_another_zones_rows",
    "dispatch_list": ISO + "test_api_lists_never_contain_another_zones_rows",
    "agent_workload": ISO + "test_api_lists_never_contain_another_zones_rows",
    "problem_statistics": ISO + "test_api_lists_never_contain_another_zones_rows",
    "keyproject_get": ISO + "test_api_gets_are_404_for_another_zones_rows",
    "milestone_list": ISO + "test_api_gets_are_404_for_another_zones_rows",
    "investment_get": ISO + "test_api_gets_are_404_for_another_zones_rows",
    "problem_get": ISO + "test_api_gets_are_404_for_another_zones_rows",
    "dispatch_get": ISO + "test_api_gets_are_404_for_another_zones_rows",
    "dispatch_docx": ISO + "test_api_gets_are_404_for_another_zones_rows",
    **{
        op: ISO + "test_each_api_operation_works_in_zone_a_and_is_404_in_zone_b"
        for op in (
            "milestone_record",
            "keyproject_assign_agent",
            "keyproject_set_cadence",
            "investment_plan_set",
            "investment_month_record",
            "problem_note",
            "problem_resolve",
            "visit_create",
            "visit_photo_add",
            "problem_create",
            "keyproject_handover",
            "dispatch_create",
            "project_rules_get",
            "project_rules_update",
            "project_template_get",
        )
    },
}

EXEMPT: dict[str, str] = {}
