package app

import (
	"errors"
	"strings"
	"time"

	"jxj/app/i18n"
)

// HubTrust is how a school's node trusts the connection to its hub. It is
// chosen at enrolment and kept in the school's sync state, so every later
// sync is checked the same way.
type HubTrust struct {
	// Fingerprint pins the hub's certificate (SHA256:AB:CD:…, its
	// SHA-256): a self-signed hub, trusted because the bureau gave the
	// school the same fingerprint. "" trusts the certificate
	// authorities this computer knows, as a browser does.
	Fingerprint string
	// Insecure allows plain http:// to a hub on another computer (the
	// credential crosses the network unprotected). Plain http:// to this
	// computer needs no such choice.
	Insecure bool
}

// TrustText says, in the user's language, how the connection to hubURL
// is checked under t.
func TrustText(hubURL string, t HubTrust) string {
	switch {
	case t.Fingerprint != "":
		return i18n.T("sync.trust.pinned", t.Fingerprint)
	case strings.HasPrefix(hubURL, "https://"):
		return i18n.T("sync.trust.authorities")
	case t.Insecure:
		return i18n.T("sync.trust.insecure")
	}
	return i18n.T("sync.trust.plain")
}

// EnrolRequest is what a school gives to enrol with the bureau's hub.
type EnrolRequest struct {
	HubURL string
	Code   string // the one-time enrolment code from the bureau
	School string // the school's own name, for the hub's log
	Trust  HubTrust
}

// ErrPlainHTTP is the cause of the error that refuses plain http:// to a
// hub on another computer without HubTrust.Insecure.
var ErrPlainHTTP = errors.New("plain http:// to another computer")

// CertProblem says why the node did not trust a hub's certificate.
type CertProblem string

// The certificate problems.
const (
	// CertUnknownAuthority: self-signed, or signed by an authority this
	// computer does not know. Pinning its fingerprint trusts it.
	CertUnknownAuthority CertProblem = "unknown_authority"
	CertExpired          CertProblem = "expired"    // or not yet valid: the computer's clock may be wrong
	CertWrongHost        CertProblem = "wrong_host" // made for another name or address
	CertInvalid          CertProblem = "invalid"    // any other reason
	// CertNotPinned: not the certificate whose fingerprint the school
	// pinned (at enrolment, or given to enrol).
	CertNotPinned CertProblem = "not_pinned"
)

// HubCertError is a hub certificate the node did not trust. It is the
// cause (Err) of the *Error the user reads, so that the sync page can show
// the fingerprint and offer to pin it.
type HubCertError struct {
	Problem     CertProblem
	Fingerprint string    // of the certificate the hub showed
	Pinned      string    // CertNotPinned: the fingerprint the school trusts
	NotAfter    time.Time // CertExpired: when the certificate stopped
	Reason      string    // CertInvalid: the check's own words, in English
}

func (e *HubCertError) Error() string {
	return "hub certificate " + string(e.Problem) + " (" + e.Fingerprint + ")"
}
