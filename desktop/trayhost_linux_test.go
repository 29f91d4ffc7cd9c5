package desktop

import (
	"path/filepath"
	"testing"
	"time"
)

// Without a session bus (a service, SSH, a bare X server) there is no
// tray, and asking does not hang.
func TestNoTrayHostWithoutASessionBus(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+filepath.Join(t.TempDir(), "no-bus"))
	start := time.Now()
	if TrayHost() {
		t.Error("a tray host without a session bus")
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("TrayHost took %v", d)
	}
}
