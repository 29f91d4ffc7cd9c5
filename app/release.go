package app

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// This file holds jxj's releases as the bureau publishes them on its hub
// (sync/PROTOCOL.md, "Releases"): a manifest signed with the bureau's
// ed25519 key, which only the bureau holds, so that neither the hub nor
// the link between them can hand a school a binary of their own.

// ReleaseKey is the public key (base64) a school trusts for releases
// when it is compiled in, for a county's own build:
//
//	go build -ldflags "-X jxj/app.ReleaseKey=BASE64"
//
// Empty: the school trusts the key its hub told it at enrolment (or at
// its first release announcement), and no other after.
var ReleaseKey = ""

// MaxReleaseSize is the most a release file may hold: the binary is about
// 60 MB, and the hub keeps and serves it like a notice's file.
const MaxReleaseSize = 200 << 20

// Platforms are the platforms a release can be for.
var Platforms = []string{"windows-amd64", "linux-amd64"}

// Platform is the platform of the running program, as releases name it.
func Platform() string { return runtime.GOOS + "-" + runtime.GOARCH }

// ReleaseManifest says what a release is. It is what the bureau signs:
// the hub stores and forwards it and cannot change a byte of it.
type ReleaseManifest struct {
	Version  string    `json:"version"`
	Platform string    `json:"platform"`
	Size     int64     `json:"size"`
	SHA256   string    `json:"sha256"`
	Date     time.Time `json:"date"`
}

// SignedBytes are the bytes the signature covers: one field a line, in a
// fixed order, so that JSON's freedoms (spacing, key order) cannot change
// what was signed.
func (m ReleaseManifest) SignedBytes() []byte {
	return []byte("jxj-release-v1\nversion=" + m.Version + "\nplatform=" + m.Platform +
		"\nsize=" + strconv.FormatInt(m.Size, 10) + "\nsha256=" + m.SHA256 +
		"\ndate=" + m.Date.UTC().Format(time.RFC3339) + "\n")
}

// Check reports whether m is a manifest a school may act on: a version,
// a known platform, a size within the limit and a SHA-256 in hex.
func (m ReleaseManifest) Check() error {
	switch {
	case !ValidVersion(m.Version):
		return Errorf(EINVALID, "update.error.version", m.Version)
	case !ValidPlatform(m.Platform):
		return Errorf(EINVALID, "update.error.platform", m.Platform, strings.Join(Platforms, ", "))
	case m.Size <= 0 || m.Size > MaxReleaseSize:
		return Errorf(EINVALID, "update.error.size", m.Size, MaxReleaseSize>>20)
	case !ValidSHA256(m.SHA256):
		return Errorf(EINVALID, "update.error.manifest")
	}
	return nil
}

// SignedRelease is a release as the hub announces it: the manifest, the
// bureau's signature over it and the public key that made it (base64).
type SignedRelease struct {
	ID        string          `json:"id"` // the hub's id of the file, a UUID
	Manifest  ReleaseManifest `json:"manifest"`
	Signature string          `json:"signature"`
	Key       string          `json:"key"`
}

// HubRelease is a release kept on the hub.
type HubRelease struct {
	SignedRelease
	AddedAt time.Time
}

// HubReleaseService is the hub's side of releases.
type HubReleaseService interface {
	// AddRelease keeps the file at path, whose bytes must be those the
	// signed manifest names, with its signature (checked against its
	// key); the same version and platform twice is ECONFLICT.
	AddRelease(ctx context.Context, path string, r SignedRelease) (*HubRelease, error)
	// Releases lists the releases, newest first.
	Releases(ctx context.Context) ([]HubRelease, error)
	// LatestRelease is the newest release for platform, ENOTFOUND when
	// there is none.
	LatestRelease(ctx context.Context, platform string) (*HubRelease, error)
	// OpenRelease opens a release's file by its id; the caller closes
	// Content.
	OpenRelease(ctx context.Context, id string) (*HubFileContent, error)
	// CurrentReleaseKey is the key of the newest release, "" when none:
	// what the hub tells a school at enrolment.
	CurrentReleaseKey(ctx context.Context) (string, error)
}

// NewReleaseKey makes a key pair for signing releases.
func NewReleaseKey() (pub, priv string, err error) {
	p, k, err := ed25519.GenerateKey(nil)
	if err != nil {
		return "", "", err
	}
	return base64.StdEncoding.EncodeToString(p), base64.StdEncoding.EncodeToString(k), nil
}

// ParseReleaseKey reads a public key as jxj writes it (base64).
func ParseReleaseKey(s string) (ed25519.PublicKey, error) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, Errorf(EINVALID, "update.error.key")
	}
	return ed25519.PublicKey(b), nil
}

// ParsePrivateReleaseKey reads a private key file's content (base64).
func ParsePrivateReleaseKey(s string) (ed25519.PrivateKey, error) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != ed25519.PrivateKeySize {
		return nil, Errorf(EINVALID, "update.error.private_key")
	}
	return ed25519.PrivateKey(b), nil
}

// KeyFingerprint is a short name of a public key to compare by eye:
// SHA256: and the first 8 bytes of its hash in hex.
func KeyFingerprint(key string) string {
	sum := sha256.Sum256([]byte(strings.TrimSpace(key)))
	return "SHA256:" + hex.EncodeToString(sum[:8])
}

// SignRelease signs m with priv and returns the release to publish.
func SignRelease(priv ed25519.PrivateKey, m ReleaseManifest) SignedRelease {
	sig := ed25519.Sign(priv, m.SignedBytes())
	return SignedRelease{Manifest: m, Signature: base64.StdEncoding.EncodeToString(sig),
		Key: base64.StdEncoding.EncodeToString(priv.Public().(ed25519.PublicKey))}
}

// Verify checks r's signature with the key trusted (base64), which must
// be r's own key: a release signed by another key is refused, saying so.
func (r SignedRelease) Verify(trusted string) error {
	if err := r.Manifest.Check(); err != nil {
		return err
	}
	if strings.TrimSpace(trusted) != strings.TrimSpace(r.Key) {
		return Errorf(EINVALID, "update.error.other_key", KeyFingerprint(r.Key), KeyFingerprint(trusted))
	}
	pub, err := ParseReleaseKey(trusted)
	if err != nil {
		return err
	}
	sig, err := base64.StdEncoding.DecodeString(r.Signature)
	if err != nil || !ed25519.Verify(pub, r.Manifest.SignedBytes(), sig) {
		return Errorf(EINVALID, "update.error.signature", r.Manifest.Version)
	}
	return nil
}

// ValidPlatform reports whether p is a platform releases are made for.
func ValidPlatform(p string) bool {
	for _, q := range Platforms {
		if p == q {
			return true
		}
	}
	return false
}

// ValidVersion reports whether v is a version jxj can compare: numbers
// separated by dots (0.3.1), optionally with a suffix after a dash
// (0.3.1-rc1), at most 64 bytes.
func ValidVersion(v string) bool {
	_, ok := parseVersion(v)
	return ok && len(v) <= 64
}

// CompareVersions orders two versions: -1, 0 or 1. Numbers compare as
// numbers (0.10.0 is after 0.9.0); a version with a suffix comes before
// the same without (0.3.0-rc1 before 0.3.0); suffixes compare as text.
// A version that is no version comes before every other.
func CompareVersions(a, b string) int {
	pa, oka := parseVersion(a)
	pb, okb := parseVersion(b)
	switch {
	case !oka || !okb:
		return compareBool(oka, okb)
	}
	for i := 0; i < max(len(pa.nums), len(pb.nums)); i++ {
		var x, y int
		if i < len(pa.nums) {
			x = pa.nums[i]
		}
		if i < len(pb.nums) {
			y = pb.nums[i]
		}
		if x != y {
			return compareInt(x, y)
		}
	}
	switch {
	case pa.suffix == pb.suffix:
		return 0
	case pa.suffix == "":
		return 1
	case pb.suffix == "":
		return -1
	}
	return strings.Compare(pa.suffix, pb.suffix)
}

type version struct {
	nums   []int
	suffix string
}

func parseVersion(v string) (version, bool) {
	v = strings.TrimPrefix(v, "v")
	core, suffix, _ := strings.Cut(v, "-")
	if core == "" || len(v) > 64 {
		return version{}, false
	}
	var out version
	for _, p := range strings.Split(core, ".") {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || len(out.nums) == 8 {
			return version{}, false
		}
		out.nums = append(out.nums, n)
	}
	out.suffix = suffix
	return out, true
}

func compareInt(x, y int) int {
	if x < y {
		return -1
	}
	return 1
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// CheckOffer decides whether a school running version current on
// platform takes release r, trusting key (base64): it must be for this
// platform, newer than what runs, and signed by that key.
func CheckOffer(r SignedRelease, current, platform, key string) error {
	if err := r.Manifest.Check(); err != nil {
		return err
	}
	if r.Manifest.Platform != platform {
		return Errorf(EINVALID, "update.error.other_platform", r.Manifest.Version, r.Manifest.Platform, platform)
	}
	if CompareVersions(r.Manifest.Version, current) <= 0 {
		return Errorf(EINVALID, "update.error.not_newer", r.Manifest.Version, current)
	}
	if !SafeID(r.ID) {
		return Errorf(EINVALID, "update.error.manifest")
	}
	return r.Verify(key)
}

// String is how a release reads in lists: version, platform and size.
func (m ReleaseManifest) String() string {
	return fmt.Sprintf("%s %s %.1f MB", m.Version, m.Platform, float64(m.Size)/(1<<20))
}
