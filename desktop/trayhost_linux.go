package desktop

import (
	"context"
	"time"

	"github.com/godbus/dbus/v5"
)

// TrayHost reports whether the desktop shows tray icons: on Linux a
// StatusNotifierWatcher on the session bus (what fyne.io/systray talks
// to). Without one an icon would never show, and a window closed to the
// tray could only come back by starting jxj again.
func TrayHost() bool {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	conn, err := dbus.ConnectSessionBus(dbus.WithContext(ctx))
	if err != nil {
		return false
	}
	defer conn.Close()
	var has bool
	err = conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0,
		"org.kde.StatusNotifierWatcher").Store(&has)
	return err == nil && has
}
