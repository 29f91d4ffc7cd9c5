package sync

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"io/fs"
	"math/big"
	"net"
	"os"
	"strings"
	"time"

	"jxj/app"
)

// This file holds the hub's certificate: its fingerprint, a self-signed
// one made by `jxj hub cert`, loading it for `jxj serve`, and the node's
// side: pinning a self-signed hub and saying what is wrong with a
// certificate it does not trust.

// fingerprintPrefix starts a fingerprint as jxj writes it.
const fingerprintPrefix = "SHA256:"

// Fingerprint is a certificate's SHA-256 as jxj shows it: SHA256: and 32
// hex pairs joined by colons, the way browsers and `openssl x509
// -fingerprint -sha256` show it, so the bureau can read it from either.
func Fingerprint(der []byte) string {
	sum := sha256.Sum256(der)
	return formatFingerprint(sum[:])
}

func formatFingerprint(sum []byte) string {
	pairs := make([]string, len(sum))
	for i, b := range sum {
		pairs[i] = strings.ToUpper(hex.EncodeToString([]byte{b}))
	}
	return fingerprintPrefix + strings.Join(pairs, ":")
}

// ParseFingerprint reads a fingerprint as typed or pasted, with or
// without "SHA256:" (or openssl's "sha256 Fingerprint="), colons or
// spaces, in any case, and returns it as Fingerprint writes it.
func ParseFingerprint(s string) (string, error) {
	t := strings.TrimSpace(s)
	for _, p := range []string{"sha256 fingerprint=", "sha256:", "sha-256:"} {
		if len(t) >= len(p) && strings.EqualFold(t[:len(p)], p) {
			t = t[len(p):]
			break
		}
	}
	t = strings.NewReplacer(":", "", " ", "", "\u3000", "", "-", "").Replace(t)
	sum, err := hex.DecodeString(t)
	if err != nil || len(sum) != sha256.Size {
		return "", app.Errorf(app.EINVALID, "sync.error.fingerprint", s)
	}
	return formatFingerprint(sum), nil
}

// MaxCertDays is the longest a self-signed hub certificate may be valid.
// A pinned certificate is checked by its fingerprint, not its dates, so
// a long life spares the schools re-pinning; it is bounded still.
const MaxCertDays = 20 * 365

// SelfSignedCert makes a certificate for the hub's host names and IP
// addresses, signed by its own key (ECDSA P-256), valid from now for days
// days, and returns both in PEM with the certificate's fingerprint.
func SelfSignedCert(hosts []string, days int, now time.Time) (certPEM, keyPEM []byte, fingerprint string, err error) {
	if days < 1 || days > MaxCertDays {
		return nil, nil, "", app.Errorf(app.EINVALID, "hub.error.cert_days", MaxCertDays)
	}
	tmpl := &x509.Certificate{
		NotBefore:             now.Add(-time.Hour), // a server clock a little behind the school's
		NotAfter:              now.AddDate(0, 0, days),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
	}
	for _, h := range hosts {
		h = strings.TrimSpace(h)
		switch ip := net.ParseIP(h); {
		case ip != nil:
			tmpl.IPAddresses = append(tmpl.IPAddresses, ip)
		case h != "" && !strings.ContainsAny(h, " /:@"):
			tmpl.DNSNames = append(tmpl.DNSNames, h)
		default:
			return nil, nil, "", app.Errorf(app.EINVALID, "hub.error.cert_host", h)
		}
	}
	if len(hosts) == 0 {
		return nil, nil, "", app.Errorf(app.EINVALID, "hub.error.cert_host", "")
	}
	tmpl.Subject = pkix.Name{CommonName: strings.TrimSpace(hosts[0]), Organization: []string{"jxj hub"}}
	if tmpl.SerialNumber, err = rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128)); err != nil {
		return nil, nil, "", app.WrapError(err, "error.internal")
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, "", app.WrapError(err, "error.internal")
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, "", app.WrapError(err, "error.internal")
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, "", app.WrapError(err, "error.internal")
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}),
		Fingerprint(der), nil
}

// loadKeyPair reads the hub's certificate and key, saying which file is
// missing or unreadable, or that they do not make a pair.
func loadKeyPair(certFile, keyFile string) (tls.Certificate, error) {
	read := func(flag, path string) ([]byte, error) {
		b, err := os.ReadFile(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return nil, &app.Error{Code: app.EINVALID, Key: "hub.error.tls_missing", Args: []any{path, flag}, Err: err}
		case err != nil:
			return nil, &app.Error{Code: app.EINVALID, Key: "hub.error.tls_read", Args: []any{path, flag, err}, Err: err}
		}
		return b, nil
	}
	certPEM, err := read("--tls-cert", certFile)
	if err != nil {
		return tls.Certificate{}, err
	}
	keyPEM, err := read("--tls-key", keyFile)
	if err != nil {
		return tls.Certificate{}, err
	}
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return tls.Certificate{}, &app.Error{Code: app.EINVALID, Key: "hub.error.tls_invalid", Args: []any{certFile, keyFile, err}, Err: err}
	}
	return pair, nil
}

// pinnedTLS trusts exactly the certificate with the fingerprint pinned,
// whatever authority signed it and whatever its dates and names: that is
// what pinning a self-signed hub means, as SSH trusts a host key.
func pinnedTLS(pinned string) *tls.Config {
	return &tls.Config{
		// the usual checks need an authority the hub has none of; the
		// fingerprint below replaces them
		InsecureSkipVerify: true,
		VerifyConnection: func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 {
				return &app.HubCertError{Problem: app.CertNotPinned, Pinned: pinned}
			}
			if got := Fingerprint(cs.PeerCertificates[0].Raw); got != pinned {
				return &app.HubCertError{Problem: app.CertNotPinned, Fingerprint: got, Pinned: pinned}
			}
			return nil
		},
	}
}

// certProblem finds a certificate the node did not trust in a failed
// request's error: its pinned one, or what the usual checks said.
func certProblem(err error) *app.HubCertError {
	var ce *app.HubCertError
	if errors.As(err, &ce) {
		return ce
	}
	var ve *tls.CertificateVerificationError
	if !errors.As(err, &ve) {
		return nil
	}
	ce = &app.HubCertError{Problem: app.CertInvalid, Reason: ve.Err.Error()}
	if len(ve.UnverifiedCertificates) > 0 {
		ce.Fingerprint = Fingerprint(ve.UnverifiedCertificates[0].Raw)
	}
	var unknown x509.UnknownAuthorityError
	var host x509.HostnameError
	var invalid x509.CertificateInvalidError
	switch {
	case errors.As(ve.Err, &unknown):
		ce.Problem = app.CertUnknownAuthority
	case errors.As(ve.Err, &host):
		ce.Problem = app.CertWrongHost
	case errors.As(ve.Err, &invalid) && invalid.Reason == x509.Expired:
		ce.Problem, ce.NotAfter = app.CertExpired, invalid.Cert.NotAfter
	}
	return ce
}

// certError is the error the user reads about a certificate: what is
// wrong, its fingerprint, and what to do; ce is its cause. A certificate
// that is not the one pinned, or that no authority vouches for, needs a
// person to decide and is final; one that expired or names another host
// is the hub's to fix, and the sync tries again later.
func certError(ce *app.HubCertError, base string) *Error {
	var e *Error
	switch ce.Problem {
	case app.CertNotPinned:
		e = final(app.EFORBIDDEN, "sync.error.cert_not_pinned", base, ce.Fingerprint, ce.Pinned)
	case app.CertUnknownAuthority:
		e = final(app.EFORBIDDEN, "sync.error.cert_unknown", base, ce.Fingerprint)
	case app.CertExpired:
		e = retryable("sync.error.cert_expired", base, app.FormatDate(ce.NotAfter), ce.Fingerprint)
	case app.CertWrongHost:
		e = retryable("sync.error.cert_host", base, ce.Fingerprint)
	default:
		e = retryable("sync.error.cert_invalid", base, ce.Reason, ce.Fingerprint)
	}
	e.Err.Err = ce
	return e
}
