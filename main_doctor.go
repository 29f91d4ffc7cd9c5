package main

import (
	"errors"

	"jxj/app/cli"
	"jxj/storage"
	jxjsync "jxj/sync"
)

// errGLNotChecked is checkGL's in a build without a display driver.
var errGLNotChecked = errors.New("opengl: not checked in this build")

// doctorChecks are jxj doctor's checks on this PC: the storage's, the
// OpenGL check the window makes before it starts, and the hub reached as
// a sync would (its pinned certificate).
func doctorChecks() cli.DoctorChecks {
	return cli.DoctorChecks{
		DefaultDir: storage.DefaultDir,
		FreeSpace:  storage.FreeSpace,
		Integrity:  storage.CheckIntegrity, NoDatabase: storage.ErrNoDatabase,
		OpenGL:       func() (string, error) { return checkGL(true) },
		GLNotChecked: errGLNotChecked,
		HubTime:      jxjsync.NewClient(nil, "jxj "+version).HubTime,
	}
}
