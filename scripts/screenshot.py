"""Screenshots of pages as a user sees them: python scripts/screenshot.py USER URL OUT.png [URL OUT.png …]
Logs in as USER (demo password) on $DEVZONE_BASE_URL (default http://127.0.0.1:8000) and saves full-page PNGs."""

import os
import sys

from playwright.sync_api import sync_playwright

BASE = os.environ.get("DEVZONE_BASE_URL", "http://127.0.0.1:8000")


def main(user: str, pairs: list[str], lang: str = "zh-hans") -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium-headless-shell",
            args=["--no-sandbox", "--disable-gpu", "--lang=zh-CN"],
        )
        page = browser.new_page(viewport={"width": 1366, "height": 860}, locale="zh-CN")
        errors = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.goto(f"{BASE}/accounts/login/")
        page.fill("#id_username", user)
        page.fill("#id_password", "DevZone-2026")
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        # a second-factor role (DEVZONE_OTP_ROLES), or an account that opens the Django admin (always), would show
        # the code form on every page
        if "/core/otp/" in page.url:
            browser.close()
            sys.exit(
                f"{user}'s role asks for the second factor, so every picture would be the code form: take a user "
                "of another role, or run the server with that role left out of DEVZONE_OTP_ROLES (an account that "
                "opens the Django admin always needs its code)"
            )
        for url, out in zip(pairs[::2], pairs[1::2], strict=True):
            page.goto(BASE + url)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=out, full_page=True)
        browser.close()
        for e in errors:
            print("console error:", e)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
