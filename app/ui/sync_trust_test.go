package ui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2/test"

	"jxj/app"
	"jxj/app/i18n"
)

const (
	testTLSHub   = "https://192.0.2.10:8443"
	testHubPrint = "SHA256:3A:F1:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD"
)

// refuseUntrusted makes the fake hub refuse an enrolment whose trust
// lacks what check wants, with err, as the sync client does.
func (f *syncFakes) refuseUntrusted(check func(app.HubTrust) bool, err error) {
	enrol := f.syncer.EnrolFn
	f.syncer.EnrolFn = func(ctx context.Context, r app.EnrolRequest) (*app.Enrolment, error) {
		if !check(r.Trust) {
			f.trusts = append(f.trusts, r.Trust)
			return nil, err
		}
		return enrol(ctx, r)
	}
}

// A self-signed hub: the enrolment's refusal shows the fingerprint and
// asks to compare it with the bureau's; the button enrols again trusting
// exactly that fingerprint, and the page then says the certificate is
// pinned. A new address forgets the choice.
func TestSyncEnrolPinsFingerprint(t *testing.T) {
	f := newSyncFakes().notEnrolled()
	refusal := app.Errorf(app.EFORBIDDEN, "sync.error.cert_unknown", testTLSHub, testHubPrint)
	refusal.Err = &app.HubCertError{Problem: app.CertUnknownAuthority, Fingerprint: testHubPrint}
	f.refuseUntrusted(func(t app.HubTrust) bool { return t.Fingerprint == testHubPrint }, refusal)
	s, w := newTestSync(t, f, SyncOptions{})
	if s.trustBox.Visible() {
		t.Fatal("the trust question shows before anything was asked")
	}
	test.Type(s.hubEntry, testTLSHub)
	test.Type(s.codeEntry, "K7MQ-2XPA-9RTW")
	test.Tap(s.enrolB)
	texts := visibleTexts(w.Content())
	for _, want := range []string{i18n.Err(refusal), i18n.T("syncpage.trust.cert_unknown"), testHubPrint,
		i18n.T("syncpage.trust.cert_compare"), i18n.T("syncpage.trust.cert_button")} {
		if !containsText(texts, want) {
			t.Errorf("after the refusal the page does not show %q; it shows %q", want, texts)
		}
	}

	// another address: the question goes, and nothing is trusted
	test.Type(s.hubEntry, "/")
	if s.trustBox.Visible() {
		t.Error("the trust question stays after the address changed")
	}
	s.hubEntry.SetText(testTLSHub)
	test.Tap(s.enrolB)
	if !s.trustBox.Visible() || len(f.trusts) != 2 || f.trusts[1] != (app.HubTrust{}) {
		t.Fatalf("enrolling again after the address changed: trusts %+v, want none given and the question again", f.trusts)
	}

	test.Tap(s.trustB)
	if len(f.trusts) != 3 || f.trusts[2] != (app.HubTrust{Fingerprint: testHubPrint}) || !f.state.Enrolled() {
		t.Fatalf("the trust button enrolled with %+v (enrolled %v), want the fingerprint shown", f.trusts, f.state.Enrolled())
	}
	if want := app.TrustText(testTLSHub, app.HubTrust{Fingerprint: testHubPrint}); !containsText(visibleTexts(w.Content()), want) {
		t.Errorf("the enrolled page does not show %q; it shows %q", want, visibleTexts(w.Content()))
	}

	// enrolling again with the same hub keeps trusting the pinned certificate
	s.Reenrol()
	test.Type(s.codeEntry, "NEW1-NEW1-NEW1")
	test.Tap(s.enrolB)
	if last := f.trusts[len(f.trusts)-1]; last.Fingerprint != testHubPrint || s.trustBox.Visible() {
		t.Errorf("enrolling again with the same hub used %+v, want the pinned fingerprint without asking", last)
	}
}

// Plain http:// to another computer: the refusal explains the risk and
// the button enrols allowing it.
func TestSyncEnrolAllowsPlainHTTP(t *testing.T) {
	f := newSyncFakes().notEnrolled()
	refusal := app.Errorf(app.EINVALID, "sync.error.plain_http", testHub)
	refusal.Err = app.ErrPlainHTTP
	f.refuseUntrusted(func(t app.HubTrust) bool { return t.Insecure }, refusal)
	s, w := newTestSync(t, f, SyncOptions{})
	test.Type(s.hubEntry, testHub)
	test.Type(s.codeEntry, "K7MQ-2XPA-9RTW")
	test.Tap(s.enrolB)
	texts := visibleTexts(w.Content())
	for _, want := range []string{i18n.T("syncpage.trust.plain"), i18n.T("syncpage.trust.plain_note"), i18n.T("syncpage.trust.plain_button")} {
		if !containsText(texts, want) {
			t.Errorf("after the refusal the page does not show %q; it shows %q", want, texts)
		}
	}
	if s.trustFP.Visible() {
		t.Error("a plain HTTP question shows a fingerprint")
	}
	test.Tap(s.trustB)
	if last := f.trusts[len(f.trusts)-1]; !last.Insecure || !f.state.Enrolled() {
		t.Errorf("the button enrolled with %+v (enrolled %v), want plain HTTP allowed", last, f.state.Enrolled())
	}
}
