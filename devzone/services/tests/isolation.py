"""The services module's rows of the isolation matrix (read by devzone/core/tests/test_isolation.py)."""

ISO = "devzone.services.tests.test_isolation::"
SURVEY = "devzone.services.tests.test_surveys::"

PAGE_MATRIX = {
    "services:home": ISO + "test_lists_never_show_another_zones_rows",
    "services:request_list": ISO + "test_lists_never_show_another_zones_rows",
    "services:rating_list": ISO + "test_lists_never_show_another_zones_rows",
    "services:followup_list": ISO + "test_lists_never_show_another_zones_rows",
    "services:appeal_list": ISO + "test_lists_never_show_another_zones_rows",
    "services:survey_list": ISO + "test_lists_never_show_another_zones_rows",
    "services:statistics": ISO + "test_lists_never_show_another_zones_rows",
    "services:statistics_export": ISO + "test_lists_never_show_another_zones_rows",
    "services:settings": ISO + "test_lists_never_show_another_zones_rows",
    "services:request_new": ISO + "test_a_new_request_is_always_the_users_own_enterprises",
    "services:request_detail": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "services:request_action": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "services:attachment_download": ISO + "test_downloads_are_for_users_in_scope",
    "services:rate": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "services:rating_detail": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "services:appeal_new": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "services:followup_detail": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "services:followup_action": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "services:appeal_detail": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "services:survey_detail": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "services:survey_close": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "services:survey_reissue": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "services:survey_new": ISO + "test_a_survey_opens_only_in_the_leaders_own_zone",
    "services:survey_take": ISO + "test_a_survey_opens_only_in_the_leaders_own_zone",
    "services:survey_answer": SURVEY + "test_an_answer_keeps_no_link_to_the_enterprise",
    "services:enterprise_file": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "services:plan_edit": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "services:measure_add": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "services:measure_update": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
}

API_MATRIX = {
    "service_request_list": ISO + "test_api_lists_never_contain_another_zones_rows",
    "rating_list": ISO + "test_api_lists_never_contain_another_zones_rows",
    "followup_list": ISO + "test_api_lists_never_contain_another_zones_rows",
    "appeal_list": ISO + "test_api_lists_never_contain_another_zones_rows",
    "survey_list": ISO + "test_api_lists_never_contain_another_zones_rows",
    "rating_statistics": ISO + "test_api_lists_never_contain_another_zones_rows",
    "department_satisfaction": ISO + "test_api_lists_never_contain_another_zones_rows",
    "service_request_get": ISO + "test_api_gets_are_404_for_another_zones_rows",
    "rating_get": ISO + "test_api_gets_are_404_for_another_zones_rows",
    "followup_get": ISO + "test_api_gets_are_404_for_another_zones_rows",
    "appeal_get": ISO + "test_api_gets_are_404_for_another_zones_rows",
    "survey_get": ISO + "test_api_gets_are_404_for_another_zones_rows",
    "enterprise_file": ISO + "test_api_gets_are_404_for_another_zones_rows",
    "service_request_create": ISO + "test_api_create_makes_a_request_of_the_users_own_enterprise",
    **{
        op: ISO + "test_each_api_operation_is_404_for_another_zones_rows"
        for op in (
            "service_request_accept",
            "service_request_assign",
            "service_request_reply",
            "service_request_answer",
            "service_request_refuse",
            "service_request_close",
            "service_request_extend",
            "followup_callback",
            "followup_rate",
            "appeal_create",
            "appeal_decide",
            "rating_create",
        )
    },
    "survey_answer": SURVEY + "test_an_answer_keeps_no_link_to_the_enterprise",
    "support_plan_save": ISO + "test_api_plan_writes_are_404_for_another_zones_enterprise",
    "support_measure_add": ISO + "test_api_plan_writes_are_404_for_another_zones_enterprise",
    "support_measure_update": ISO + "test_api_plan_writes_are_404_for_another_zones_enterprise",
    "survey_open": ISO + "test_api_surveys_routing_and_settings_stay_in_the_leaders_zone",
    "survey_close": ISO + "test_api_surveys_routing_and_settings_stay_in_the_leaders_zone",
    "routing_list": ISO + "test_api_surveys_routing_and_settings_stay_in_the_leaders_zone",
    "routing_set": ISO + "test_api_surveys_routing_and_settings_stay_in_the_leaders_zone",
    "service_settings_get": ISO + "test_api_surveys_routing_and_settings_stay_in_the_leaders_zone",
    "service_settings_update": ISO + "test_api_surveys_routing_and_settings_stay_in_the_leaders_zone",
}

EXEMPT: dict[str, str] = {}
