package ui

import (
	"testing"

	"jxj/app"
)

// A bureau notice shows at once with its files on their way: one
// downloading with its percentage, one waiting, one that failed its
// check saying so, one the bureau no longer offers; once verified, a
// file is listed as an attachment and the download line is gone.
func TestBureauNoticeDownloads(t *testing.T) {
	f := newBureauFakes()
	file := func(name string, size int64) app.BureauFile { return app.BureauFile{ID: name, Name: name, Size: size} }
	f.notice.Downloads = []app.FileDownload{
		{File: file("课件.pdf", 8<<20), State: app.DownloadPending, Have: 3 << 20},
		{File: file("名单.xlsx", 12800), State: app.DownloadPending},
		{File: file("坏的.doc", 100), State: app.DownloadPending, Have: 100, Error: "校验不符"},
		{File: file("旧的.txt", 10), State: app.DownloadGone},
	}
	d, w := openBureau(t, f, nil)
	texts := objectTexts(w.Content())
	for _, want := range []string{"附件", "课件.pdf — 下载中（37 %）", "名单.xlsx — 等待下载（12.5 KB）",
		"坏的.doc — 校验不符", "旧的.txt — 教育局已不再提供此文件"} {
		if !containsText(texts, want) {
			t.Errorf("the notice does not show %q; it shows %q", want, texts)
		}
	}

	f.notice.Downloads = f.notice.Downloads[1:]
	f.notice.Attachments = []app.Attachment{{Name: "课件.pdf", Path: "attachments/x/课件.pdf", Size: 8 << 20}}
	d.load()
	texts = objectTexts(w.Content())
	if !containsText(texts, "课件.pdf（8.0 MB）") || containsText(texts, "课件.pdf — 下载中（37 %）") {
		t.Errorf("a verified file is not shown as the notice's attachment: %q", texts)
	}
}
