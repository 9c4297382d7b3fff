"""大招商's rows of the isolation matrix (read by devzone/core/tests/test_isolation.py): each URL name and ninja
operation id points at the test that proves it never reveals or touches another zone's (or another team's)
rows."""

ISO = "devzone.investment.tests.test_isolation::"

PAGE_MATRIX = {
    "investment:home": ISO + "test_home_sends_each_role_to_its_work_and_others_get_403",
    "investment:lead_list": ISO + "test_lists_never_show_another_zones_rows",
    "investment:lead_create": ISO + "test_create_pages_write_only_into_the_users_own_zone_and_team",
    "investment:lead_import": ISO + "test_create_pages_write_only_into_the_users_own_zone_and_team",
    "investment:lead_export": ISO + "test_exports_hold_only_the_users_zone",
    "investment:lead_import_template": ISO + "test_exports_hold_only_the_users_zone",
    "investment:lead_detail": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "investment:lead_edit": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "investment:lead_absorb": ISO + "test_posts_to_another_zones_rows_are_404_and_change_nothing",
    "investment:lead_action": ISO + "test_posts_to_another_zones_rows_are_404_and_change_nothing",
    "investment:contract_create": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "investment:contract_list": ISO + "test_lists_never_show_another_zones_rows",
    "investment:contract_detail": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "investment:contract_funds": ISO + "test_posts_to_another_zones_rows_are_404_and_change_nothing",
    "investment:activity_list": ISO + "test_lists_never_show_another_zones_rows",
    "investment:activity_create": ISO + "test_create_pages_write_only_into_the_users_own_zone_and_team",
    "investment:activity_detail": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "investment:team_list": ISO + "test_lists_never_show_another_zones_rows",
    "investment:team_create": ISO + "test_team_pages_are_for_leaders_of_the_zone",
    "investment:team_detail": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "investment:team_edit": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "investment:team_add": ISO + "test_posts_to_another_zones_rows_are_404_and_change_nothing",
    "investment:funnel": ISO + "test_figures_funnel_and_leaderboard_count_only_the_users_zone",
    "investment:leaderboard": ISO + "test_figures_funnel_and_leaderboard_count_only_the_users_zone",
    "investment:leaderboard_export": ISO + "test_exports_hold_only_the_users_zone",
    "investment:figures": ISO + "test_figures_funnel_and_leaderboard_count_only_the_users_zone",
    "investment:settings": ISO + "test_the_settings_pages_are_the_users_own_zone",
    "investment:industries": ISO + "test_the_settings_pages_are_the_users_own_zone",
}

API_MATRIX = {
    "investment_team_list": ISO + "test_api_lists_never_contain_another_zones_rows",
    "investment_team_get": ISO + "test_api_gets_are_404_for_another_zones_rows",
    "investment_lead_list": ISO + "test_api_lists_never_contain_another_zones_rows",
    "investment_lead_get": ISO + "test_api_gets_are_404_for_another_zones_rows",
    "investment_lead_logs": ISO + "test_api_gets_are_404_for_another_zones_rows",
    "investment_lead_create": ISO + "test_api_creates_cannot_name_another_zones_rows",
    **{
        f"investment_lead_{op}": ISO + "test_each_api_operation_works_in_zone_a_and_is_404_in_zone_b"
        for op in ("move", "lose", "reopen", "assign", "request_exception", "approve_exception", "record")
    },
    "investment_activity_list": ISO + "test_api_lists_never_contain_another_zones_rows",
    "investment_activity_create": ISO + "test_api_creates_cannot_name_another_zones_rows",
    "investment_contract_list": ISO + "test_api_lists_never_contain_another_zones_rows",
    "investment_contract_get": ISO + "test_api_gets_are_404_for_another_zones_rows",
    "investment_contract_sign": ISO + "test_api_creates_cannot_name_another_zones_rows",
    "investment_contract_funds": ISO + "test_each_api_operation_works_in_zone_a_and_is_404_in_zone_b",
    "investment_funnel": ISO + "test_api_figures_and_funnel_are_404_for_another_zone",
    "investment_leaderboard": ISO + "test_api_figures_and_funnel_are_404_for_another_zone",
    "investment_figures": ISO + "test_api_figures_and_funnel_are_404_for_another_zone",
}

EXEMPT: dict[str, str] = {}
