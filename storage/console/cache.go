package console

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"regexp"
	gosync "sync"
	"time"

	"jxj/app"
	"jxj/app/i18n"
)

// Cache is the console's connection with a copy of what it fetched last:
// the schools, the notices and each notice's progress, one JSON file per
// list under console-cache/, each marked with its hub and time. A read
// the hub cannot answer returns that copy with an *app.BureauStaleError;
// a copy of another hub is never shown.
type Cache struct {
	app.BureauConsole
	dir string
	now func() time.Time

	mu       gosync.Mutex
	hub      string // whose data is read and kept: the last login's hub
	browsing bool   // reads answer from the copy without asking the hub
}

var _ app.BureauCache = (*Cache)(nil)

// Cache wraps c with the copy kept in the data folder.
func (f Files) Cache(c app.BureauConsole) *Cache {
	return &Cache{BureauConsole: c, dir: filepath.Join(f.Dir, cacheDir), now: time.Now}
}

// cached is one kept list.
type cached[T any] struct {
	Hub       string    `json:"hub"`
	FetchedAt time.Time `json:"fetched_at"`
	Data      T         `json:"data"`
}

// Login logs in; a login to another hub than the copy's drops the copy.
func (c *Cache) Login(ctx context.Context, l app.BureauLogin) (*app.BureauSession, error) {
	s, err := c.BureauConsole.Login(ctx, l)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.browsing = false
	if c.hub != l.HubURL {
		var kept cached[json.RawMessage]
		if load(c.dir, "orgs", &kept) == nil && kept.Hub != l.HubURL {
			if err := os.RemoveAll(c.dir); err != nil {
				log.Printf("jxj: console cache: %v", err)
			}
		}
		c.hub = l.HubURL
	}
	return s, nil
}

// Logout ends the session, and the browsing of the copy.
func (c *Cache) Logout(ctx context.Context) error {
	c.mu.Lock()
	browsing := c.browsing
	c.browsing = false
	c.mu.Unlock()
	if browsing {
		return nil
	}
	return c.BureauConsole.Logout(ctx)
}

// Browse makes reads answer from the copy of hubURL's data; false when
// none is kept.
func (c *Cache) Browse(hubURL string) bool {
	if !c.Kept(hubURL) {
		return false
	}
	c.mu.Lock()
	c.hub, c.browsing = hubURL, true
	c.mu.Unlock()
	return true
}

// Kept reports whether a list of hubURL's is kept.
func (c *Cache) Kept(hubURL string) bool {
	var kept cached[json.RawMessage]
	for _, name := range []string{"orgs", "notices"} {
		if load(c.dir, name, &kept) == nil && kept.Hub == hubURL {
			return true
		}
	}
	return c.keptCockpit(hubURL) // cache_cockpit.go
}

// Orgs lists the schools, or the copy when the hub does not answer.
func (c *Cache) Orgs(ctx context.Context) ([]*app.HubOrg, error) {
	return read(c, "orgs", func() ([]*app.HubOrg, error) { return c.BureauConsole.Orgs(ctx) })
}

// Notices lists the notices, or the copy when the hub does not answer.
func (c *Cache) Notices(ctx context.Context) ([]*app.HubNotice, error) {
	return read(c, "notices", func() ([]*app.HubNotice, error) { return c.BureauConsole.Notices(ctx) })
}

// NoticeStatus returns a notice's progress, or its copy when the hub
// does not answer.
func (c *Cache) NoticeStatus(ctx context.Context, ref string) (*app.HubNoticeStatus, error) {
	fetch := func() (*app.HubNoticeStatus, error) { return c.BureauConsole.NoticeStatus(ctx, ref) }
	if !safeRef.MatchString(ref) {
		return fetch()
	}
	return read(c, "notice-"+ref, fetch)
}

// The changes are refused while the copy is browsed: nothing can reach
// the hub.
func (c *Cache) AddOrg(ctx context.Context, d app.HubOrgDraft) (*app.HubOrg, string, error) {
	if err := c.offline(); err != nil {
		return nil, "", err
	}
	return c.BureauConsole.AddOrg(ctx, d)
}

func (c *Cache) NewEnrolCode(ctx context.Context, orgID int64, revokeNow bool) (string, error) {
	if err := c.offline(); err != nil {
		return "", err
	}
	return c.BureauConsole.NewEnrolCode(ctx, orgID, revokeNow)
}

func (c *Cache) RevokeOrg(ctx context.Context, orgID int64) error {
	if err := c.offline(); err != nil {
		return err
	}
	return c.BureauConsole.RevokeOrg(ctx, orgID)
}

func (c *Cache) PublishNotice(ctx context.Context, d app.HubNoticeDraft) (*app.HubNotice, error) {
	if err := c.offline(); err != nil {
		return nil, err
	}
	return c.BureauConsole.PublishNotice(ctx, d)
}

func (c *Cache) PublishCourse(ctx context.Context, d app.CourseDraft, progress func(app.CourseUploadProgress)) (*app.HubCourse, error) {
	if err := c.offline(); err != nil {
		return nil, err
	}
	return c.BureauConsole.PublishCourse(ctx, d, progress)
}

func (c *Cache) RevokeNotice(ctx context.Context, id int64) (*app.HubNotice, error) {
	if err := c.offline(); err != nil {
		return nil, err
	}
	return c.BureauConsole.RevokeNotice(ctx, id)
}

// Me returns the account, unknown to a console browsing its copy.
func (c *Cache) Me(ctx context.Context) (*app.BureauAccount, error) {
	if err := c.offline(); err != nil {
		return nil, err
	}
	return c.BureauConsole.Me(ctx)
}

// offline is the error of a change asked for while browsing the copy.
func (c *Cache) offline() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.browsing {
		return app.Errorf(app.EINTERNAL, "bureau_console.error.offline_readonly")
	}
	return nil
}

// safeRef is a notice reference that may name a file: an id or a UUID.
var safeRef = regexp.MustCompile(`^[0-9A-Za-z-]{1,64}$`)

// read fetches a list and keeps it, or returns the copy of the same hub
// when the hub gives no answer (or the copy is browsed).
func read[T any](c *Cache, name string, fetch func() (T, error)) (T, error) {
	c.mu.Lock()
	hub, browsing := c.hub, c.browsing
	c.mu.Unlock()
	var zero T
	var err error
	if browsing {
		err = app.Errorf(app.EINTERNAL, "bureau_console.error.offline_browse", hub)
	} else {
		var v T
		if v, err = fetch(); err == nil {
			if serr := save(c.dir, name, cached[T]{Hub: hub, FetchedAt: c.now(), Data: v}); serr != nil {
				// the copy is a help, not the data: the page still shows
				log.Printf("jxj: console cache: %s", i18n.ForLog(serr))
			}
			return v, nil
		}
		if !app.BureauOffline(err) {
			return zero, err
		}
	}
	var kept cached[T]
	if lerr := load(c.dir, name, &kept); lerr != nil || kept.Hub != hub {
		return zero, err
	}
	return kept.Data, &app.BureauStaleError{FetchedAt: kept.FetchedAt, Err: err}
}

func save(dir, name string, v any) error {
	b, err := json.Marshal(v)
	if err == nil {
		err = writeAtomic(filepath.Join(dir, name+".json"), b)
	}
	if err != nil {
		return app.WrapError(err, "bureau_console.error.cache_write", dir)
	}
	return nil
}

// load reads a kept list; fs.ErrNotExist when there is none. A damaged
// file is as good as none.
func load(dir, name string, v any) error {
	b, err := os.ReadFile(filepath.Join(dir, name+".json"))
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return errors.Join(fs.ErrNotExist, err)
	}
	return nil
}
