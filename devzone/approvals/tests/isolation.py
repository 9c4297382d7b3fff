"""The approvals module's rows of the isolation matrix (read by devzone/core/tests/test_isolation.py).

``PAGE_MATRIX`` and ``API_MATRIX`` map each URL name or ninja operation id to the test that proves it never
reveals or touches another zone's (or another enterprise's) rows; ``EXEMPT`` names what has nothing to isolate,
with the reason."""

ISO = "devzone.approvals.tests.test_isolation::"
CATALOG = "devzone.approvals.tests.test_catalog::"
CERTIFICATES = "devzone.approvals.tests.test_certificates::"

PAGE_MATRIX = {
    "approvals:home": ISO + "test_home_sends_each_role_to_its_own_work",
    "approvals:queue": ISO + "test_lists_never_show_another_zones_rows",
    "approvals:intake_list": ISO + "test_lists_never_show_another_zones_rows",
    "approvals:intake_new": ISO + "test_a_new_intake_cannot_name_another_zones_project_or_items",
    "approvals:intake_detail": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "approvals:application_detail": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "approvals:material_download": ISO + "test_pages_with_a_pk_are_404_for_another_zones_rows",
    "approvals:application_action": ISO + "test_each_page_action_works_in_zone_a_and_is_404_in_zone_b",
    "approvals:statistics": ISO + "test_statistics_count_only_the_users_zone",
    "approvals:statistics_export": ISO + "test_statistics_count_only_the_users_zone",
    "approvals:project_path": ISO + "test_the_project_path_is_404_for_another_zones_project",
    # The catalog pages: the catalog's own isolation tests.
    "approvals:item_list": CATALOG + "test_a_zone_b_leader_can_neither_see_nor_edit_zone_a_items",
    "approvals:item_detail": CATALOG + "test_a_zone_b_leader_can_neither_see_nor_edit_zone_a_items",
    "approvals:item_edit": CATALOG + "test_a_zone_b_leader_can_neither_see_nor_edit_zone_a_items",
    "approvals:catalog_export": CATALOG + "test_a_zone_b_leader_can_neither_see_nor_edit_zone_a_items",
    "approvals:item_create": CATALOG + "test_create_refuses_another_zones_department_or_parent",
    "approvals:catalog_import": CATALOG + "test_the_import_page_writes_only_into_the_users_own_zone",
    # Downloads of a certificate in scope.
    "certificates:pdf": CERTIFICATES + "test_downloads_are_for_users_in_scope",
    "certificates:signature": CERTIFICATES + "test_downloads_are_for_users_in_scope",
    "certificates:seal_key": CERTIFICATES + "test_downloads_are_for_users_in_scope",
}

API_MATRIX = {
    "certificate_list": ISO + "test_the_api_certificates_are_the_users_own",
    "certificate_get": ISO + "test_the_api_certificates_are_the_users_own",
    "approval_item_list": ISO + "test_the_api_catalog_holds_only_the_users_zone",
    "approval_item_get": ISO + "test_the_api_catalog_holds_only_the_users_zone",
    "intake_list": ISO + "test_api_lists_never_contain_another_zones_rows",
    "intake_get": ISO + "test_api_gets_are_404_for_another_zones_rows",
    "intake_create": ISO + "test_api_intake_create_cannot_name_another_zones_project_or_items",
    "application_list": ISO + "test_api_lists_never_contain_another_zones_rows",
    "application_get": ISO + "test_api_gets_are_404_for_another_zones_rows",
    **{
        f"application_{op}": ISO + "test_each_api_operation_works_in_zone_a_and_is_404_in_zone_b"
        for op in (
            "upload",
            "accept",
            "reject",
            "supplement",
            "special",
            "end_special",
            "extend",
            "advance",
            "grant",
            "deny",
            "withdraw",
        )
    },
}

EXEMPT = {
    "verify:page": "public certificate verification (no login): answers a verdict on a code or an uploaded PDF, "
    "reveals only what is printed on the certificate; test_certificates",
    "verify:code": "public verification of one code, where a certificate's QR code points; test_certificates",
    "certificate_verify_code": "public verification API (auth=None); test_certificates",
    "certificate_verify_pdf": "public verification API (auth=None); test_certificates",
    "approvals:catalog_template": "an example workbook, the same for everybody (login required); test_catalog",
    # Not an approvals page: core's catch-all that answers JSON 404 for unknown paths under /api/ (no data).
    # It has no name, so the core matrix does not list it yet; it belongs in core's EXEMPT.
    "<unnamed api/<path:rest>>": "JSON 404 for unknown API paths, no data (core, devzone/urls.py)",
}
