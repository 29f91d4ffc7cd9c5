package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"jxj/app"
	"jxj/app/i18n"
)

// The bureau's side of updates: a signing key kept off the hub, and the
// releases the hub offers its schools (PROTOCOL.md, Releases).

// Key file names `jxj hub release key` writes.
const (
	releaseKeyFile = "jxj-release.key" // private: the bureau keeps it
	releasePubFile = "jxj-release.pub"
)

// dataFolderFiles mark a jxj data folder (the hub's hub.db, a school's
// jxj.db): the private key never goes into one, where backups and copies
// of the hub would carry it.
var dataFolderFiles = []string{"hub.db", "jxj.db"}

// runHubReleaseKey makes the bureau's release key pair in --out.
func runHubReleaseKey(_ context.Context, c *call) error {
	out := c.flags.String("out", "", i18n.T("update.flag.out"))
	if err := c.parse(0); err != nil {
		return err
	}
	if *out == "" {
		return &usageError{i18n.T("update.error.out_missing")}
	}
	if inDataFolder(*out) {
		return app.Errorf(app.EINVALID, "update.error.key_in_data", *out)
	}
	if err := os.MkdirAll(*out, 0o700); err != nil {
		return app.WrapError(err, "cli.hub.error.write", *out, err)
	}
	pub, priv, err := app.NewReleaseKey()
	if err != nil {
		return app.WrapError(err, "update.error.keygen", err)
	}
	privPath, pubPath := filepath.Join(*out, releaseKeyFile), filepath.Join(*out, releasePubFile)
	if err := writeNewFile(privPath, []byte(priv+"\n"), 0o600); err != nil {
		return err
	}
	if err := writeNewFile(pubPath, []byte(pub+"\n"), 0o644); err != nil {
		os.Remove(privPath) // a pair or nothing
		return err
	}
	c.printf("update.key.written", privPath, pubPath)
	c.printf("update.key.public", pub, app.KeyFingerprint(pub))
	c.printf("update.key.next")
	return nil
}

// inDataFolder reports whether dir is a jxj data folder.
func inDataFolder(dir string) bool {
	for _, name := range dataFolderFiles {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return true
		}
	}
	return false
}

// runHubReleaseAdd signs a release with the bureau's private key and
// keeps it on the hub for the schools of its platform.
func runHubReleaseAdd(ctx context.Context, c *call) error {
	keyPath := c.flags.String("key", "", i18n.T("update.flag.key"))
	version := c.flags.String("version", "", i18n.T("update.flag.version"))
	platform := c.flags.String("platform", "", i18n.T("update.flag.platform"))
	if err := c.parse(1); err != nil {
		return err
	}
	if *keyPath == "" || *version == "" || *platform == "" {
		return &usageError{i18n.T("update.error.add_flags")}
	}
	if inDataFolder(filepath.Dir(*keyPath)) {
		return app.Errorf(app.EINVALID, "update.error.key_in_data", filepath.Dir(*keyPath))
	}
	data, err := os.ReadFile(*keyPath)
	if err != nil {
		return app.Errorf(app.EINVALID, "update.error.read_key", *keyPath, err)
	}
	priv, err := app.ParsePrivateReleaseKey(string(data))
	if err != nil {
		return err
	}
	file := c.flags.Arg(0)
	size, sum, err := hashFile(file)
	if err != nil {
		return app.Errorf(app.EINVALID, "storage.attachment.error.copy", filepath.Base(file), err)
	}
	m := app.ReleaseManifest{Version: strings.TrimPrefix(*version, "v"), Platform: *platform, Size: size, SHA256: sum,
		Date: time.Now().UTC().Truncate(time.Second)}
	if err := m.Check(); err != nil {
		return err
	}
	return c.withHub(ctx, 1, func(ctx context.Context, hub app.HubStore) error {
		r, err := hub.AddRelease(ctx, file, app.SignRelease(priv, m))
		if err != nil {
			return err
		}
		c.printf("update.release.added", r.Manifest.String(), r.Manifest.SHA256, app.KeyFingerprint(r.Key))
		return nil
	})
}

// hashFile is a file's size and SHA-256, read as a stream.
func hashFile(path string) (int64, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	return n, hex.EncodeToString(h.Sum(nil)), err
}

// runHubReleaseList lists the releases on the hub, newest first.
func runHubReleaseList(ctx context.Context, c *call) error {
	return c.withHub(ctx, 0, func(ctx context.Context, hub app.HubStore) error {
		rs, err := hub.Releases(ctx)
		if err != nil {
			return err
		}
		if len(rs) == 0 {
			c.printf("update.release.none")
			return nil
		}
		rows := make([][]string, len(rs))
		for i, r := range rs {
			m := r.Manifest
			rows[i] = []string{m.Version, m.Platform, i18n.T("update.release.mb", float64(m.Size)/(1<<20)),
				m.SHA256[:16], app.KeyFingerprint(r.Key), app.FormatMinute(r.AddedAt)}
		}
		return writeTable(c.env.Stdout, i18n.T("update.release.header"), rows)
	})
}
