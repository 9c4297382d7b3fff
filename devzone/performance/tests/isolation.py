"""The performance module's rows of the isolation matrix (read by devzone/core/tests/test_isolation.py)."""

ISO = "devzone.performance.tests.test_isolation::"
CONF = "devzone.performance.tests.test_confidentiality::"

PAGE_MATRIX = {
    "performance:home": ISO + "test_rights_in_reach_are_403_and_anonymous_is_sent_to_log_in",
    "performance:round_list": ISO + "test_lists_never_show_another_zones_rows",
    "performance:round_detail": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "performance:round_action": ISO + "test_page_actions_are_404_in_another_zone_and_change_nothing",
    "performance:codes": ISO + "test_page_actions_are_404_in_another_zone_and_change_nothing",
    "performance:report_download": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "performance:ballot_export": ISO + "test_page_actions_are_404_in_another_zone_and_change_nothing",
    "performance:grades": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "performance:pay_sheet": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "performance:pay_export": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "performance:pay_person": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "performance:my": ISO + "test_lists_never_show_another_zones_rows",
    "performance:appeal_new": ISO + "test_a_leader_decides_only_their_zones_appeals",
    "performance:appeal_list": ISO + "test_a_leader_decides_only_their_zones_appeals",
    "performance:payprofile_list": ISO + "test_lists_never_show_another_zones_rows",
    "performance:payprofile_edit": ISO + "test_pay_profiles_change_only_in_the_users_zone",
    "performance:scheme_list": ISO + "test_lists_never_show_another_zones_rows",
    "performance:scheme_new": ISO + "test_a_new_scheme_and_a_new_round_land_in_the_users_own_zone",
    "performance:scheme_detail": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "performance:annual": ISO + "test_lists_never_show_another_zones_rows",
    "performance:report": ISO + "test_lists_never_show_another_zones_rows",
}

API_MATRIX = {
    "performance_scheme_list": ISO + "test_api_lists_never_contain_another_zones_rows",
    "performance_scheme_get": ISO + "test_api_gets_are_404_for_another_zones_rows",
    "performance_scheme_create": ISO + "test_each_api_operation_is_404_in_zone_b_and_changes_nothing",
    "performance_round_list": ISO + "test_api_lists_never_contain_another_zones_rows",
    "performance_round_get": ISO + "test_api_gets_are_404_for_another_zones_rows",
    "performance_round_open": ISO + "test_each_api_operation_is_404_in_zone_b_and_changes_nothing",
    "performance_round_results": ISO + "test_api_gets_are_404_for_another_zones_rows",
    "performance_grade_list": ISO + "test_api_gets_are_404_for_another_zones_rows",
    "performance_pay_sheet": ISO + "test_api_gets_are_404_for_another_zones_rows",
    "performance_annual_results": ISO + "test_api_gets_are_404_for_another_zones_rows",
    "performance_appeal_list": ISO + "test_api_lists_never_contain_another_zones_rows",
    "performance_appeal_create": ISO + "test_api_appeals_are_the_users_own",
    "performance_appeal_decide": ISO + "test_api_appeals_are_the_users_own",
    "performance_my_grades": ISO + "test_api_appeals_are_the_users_own",
    "performance_my_pay": ISO + "test_api_appeals_are_the_users_own",
    "performance_round_delegates": ISO + "test_api_gets_are_404_for_another_zones_rows",
    "performance_round_reports": ISO + "test_api_gets_are_404_for_another_zones_rows",
    "performance_reports": ISO + "test_api_gets_are_404_for_another_zones_rows",
    "performance_payprofile_list": ISO + "test_api_pay_profiles_are_the_zones_own",
    "performance_payprofile_set": ISO + "test_api_pay_profiles_are_the_zones_own",
    **{
        f"performance_{op}": ISO + "test_each_api_operation_is_404_in_zone_b_and_changes_nothing"
        for op in (
            "round_advance",
            "round_satisfaction",
            "round_nominate",
            "round_codes",
            "round_leader_scores",
            "round_calibrate",
            "round_reopen",
            "grades_set",
            "round_satisfaction_pull",
            "round_unnominate",
            "round_report_upload",
        )
    },
}

EXEMPT = {
    "performance:vote": "the secret ballot needs no login by design: it answers only for a valid one-time code, "
    "shows nothing but the department names of that code's round, rate-limited; "
    + CONF
    + "test_the_ballot_page_reveals_nothing_and_is_rate_limited",
    "performance_ballot_cast": "the ballot API (auth=None) for the same one-time codes; "
    + CONF
    + "test_the_ballot_page_reveals_nothing_and_is_rate_limited",
}
