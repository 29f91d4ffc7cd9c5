package console

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"

	"jxj/app"
)

// DistrictCockpit returns the hub's cockpit for q, or the copy of the
// last one fetched for the same query when the hub does not answer. The
// copy's file is named by a hash of the query: a township's name is no
// file name.
func (c *Cache) DistrictCockpit(ctx context.Context, q app.DistrictQuery) (*app.DistrictCockpit, error) {
	return read(c, cockpitFile(q), func() (*app.DistrictCockpit, error) { return c.BureauConsole.DistrictCockpit(ctx, q) })
}

func cockpitFile(q app.DistrictQuery) string {
	key := app.FormatDate(q.From) + "\x00" + app.FormatDate(q.To) + "\x00" + q.Scope.Township + "\x00" + strconv.FormatInt(q.Scope.OrgID, 10)
	sum := sha256.Sum256([]byte(key))
	return "cockpit-" + hex.EncodeToString(sum[:8])
}

// keptCockpit reports whether a cockpit of hubURL's is kept: the page
// the console opens on may be all it fetched.
func (c *Cache) keptCockpit(hubURL string) bool {
	names, _ := filepath.Glob(filepath.Join(c.dir, "cockpit-*.json"))
	var kept cached[json.RawMessage]
	for _, n := range names {
		if load(c.dir, strings.TrimSuffix(filepath.Base(n), ".json"), &kept) == nil && kept.Hub == hubURL {
			return true
		}
	}
	return false
}
