package main

import (
	"log"
	"os"

	"golang.org/x/sys/windows"
)

// jxj.exe is built as a GUI program (-H=windowsgui), so Windows opens no
// console window when a teacher double-clicks it, and gives it no
// console either. The commands (`jxj version`, `jxj hub …`) typed in
// cmd.exe or PowerShell must still print there: at start, jxj attaches to
// the console of the program that started it, if there is one, and points
// the standard streams that have nowhere to go at it. A stream already
// redirected (`jxj hub orgs > orgs.txt`) is left as it is. cmd.exe does not
// wait for a GUI program, so the output may come after its next prompt.
func init() {
	attachParentConsole()
}

// attachParentProcess is ATTACH_PARENT_PROCESS, (DWORD)-1.
const attachParentProcess = ^uintptr(0)

func attachParentConsole() {
	// which streams have nowhere to go, asked before attaching (attaching
	// may give the process console handles of its own)
	in, out, errs := !redirected(windows.STD_INPUT_HANDLE), !redirected(windows.STD_OUTPUT_HANDLE),
		!redirected(windows.STD_ERROR_HANDLE)
	if !in && !out && !errs {
		return
	}
	attach := windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")
	if attach.Find() != nil {
		return
	}
	if ok, _, _ := attach.Call(attachParentProcess); ok == 0 {
		return // started from Explorer or a shortcut: no console to attach to
	}
	if in {
		os.Stdin = openConsole(windows.STD_INPUT_HANDLE, "CONIN$", os.Stdin)
	}
	if out {
		os.Stdout = openConsole(windows.STD_OUTPUT_HANDLE, "CONOUT$", os.Stdout)
	}
	if errs {
		os.Stderr = openConsole(windows.STD_ERROR_HANDLE, "CONOUT$", os.Stderr)
		log.SetOutput(os.Stderr) // the log package kept the stream it saw at start
	}
}

// redirected reports whether the standard stream std goes somewhere: a
// file, a pipe or a console the process was given.
func redirected(std uint32) bool {
	h, err := windows.GetStdHandle(std)
	if err != nil || h == 0 || h == windows.InvalidHandle {
		return false
	}
	t, err := windows.GetFileType(h)
	return err == nil && t != windows.FILE_TYPE_UNKNOWN
}

// openConsole opens the console device name for the standard stream std,
// or keeps cur if it cannot.
func openConsole(std uint32, name string, cur *os.File) *os.File {
	f, err := os.OpenFile(name, os.O_RDWR, 0)
	if err != nil {
		return cur
	}
	_ = windows.SetStdHandle(std, windows.Handle(f.Fd()))
	return f
}
