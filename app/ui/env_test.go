package ui

import (
	"bytes"
	"log"
	"strings"
	"testing"

	"jxj/app"
)

// An error shown to the user goes to the log as the sentence they read
// followed by its key and arguments.
func TestShowErrorLogsTheSentence(t *testing.T) {
	var buf bytes.Buffer
	old := log.Writer()
	log.SetOutput(&buf)
	defer log.SetOutput(old)
	h := openSettings(t, newShellFakes(), "admin")
	h.ui.env.ShowError(app.Errorf(app.EFORBIDDEN, "storage.notice.error.revoke_forbidden", "家长会"))
	want := "jxj: 只有发通知的人、管理员或校长可以撤回通知“家长会”。 [storage.notice.error.revoke_forbidden[家长会]]"
	if !strings.Contains(buf.String(), want) {
		t.Errorf("log = %q; want %q", buf.String(), want)
	}
}
