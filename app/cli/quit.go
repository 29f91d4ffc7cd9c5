package cli

import (
	"context"
)

// QuitWindow asks the jxj window on the data folder dir ("" for the
// default one) to quit, as 退出 in its tray does, and waits until it has
// let the folder go; asked is false when no window was running on it.
type QuitWindow func(dir string) (asked bool, err error)

// runQuit is `jxj quit`: an installer about to replace the program, or
// IT, closes the window even when it lives in the tray (a close message
// would only hide it there).
func runQuit(ctx context.Context, c *call) error {
	if err := c.parse(0); err != nil {
		return err
	}
	asked, err := c.env.QuitWindow(*c.data)
	if err != nil {
		return err
	}
	if asked {
		c.printf("desktop.quit.done")
	} else {
		c.printf("desktop.quit.none")
	}
	return nil
}
