// Package e2e holds Corridor's end-to-end tests: each test starts Corridor
// in-process on a fresh database, drives it with a headless Chromium through
// the DevTools protocol (chromedp) and asserts what a person would see.
//
// Run them with
//
//	go test ./e2e/
//
// They need chromium, chromium-browser or google-chrome in PATH (or the
// browser's path in CORRIDOR_E2E_BROWSER). Without one they are skipped,
// unless CORRIDOR_E2E_REQUIRED=1, which turns the missing browser into a
// failure (CI sets it). With CORRIDOR_TEST_POSTGRES set to a PostgreSQL URL
// every scenario runs on PostgreSQL too.
//
// Screenshots of the key steps land in e2e/testoutput/<engine>/ (ignored by
// git); a failing test also leaves FAIL-<test>.png there.
package e2e
