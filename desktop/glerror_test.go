package desktop

import (
	"strings"
	"testing"

	"jxj/app/i18n"
)

func TestGLMessageSaysWhatIsWrongAndWhatToDo(t *testing.T) {
	defer i18n.SetLanguage(i18n.Language())
	i18n.SetLanguage("zh-CN")
	cases := []struct {
		err        GLError
		goos       string
		what, todo string
	}{
		{GLError{GLTooOld, "WGL: OpenGL 1.1"}, "windows", "低于局校家需要的 2.1", "opengl32.dll"},
		{GLError{GLMissing, "GLX: GLX extension not found"}, "linux", "没有提供 OpenGL", "libgl1-mesa-dri"},
		{GLError{GLMissing, "x"}, "windows", "没有提供 OpenGL", "安装显卡驱动"},
		{GLError{GLNoDisplay, "X11: The DISPLAY environment variable is missing"}, "linux", "没有可以显示窗口的桌面", "jxj help"},
		{GLError{GLFailed, "y"}, "darwin", "无法为局校家创建窗口", "更新系统"},
	}
	for _, c := range cases {
		t.Run(c.err.Detail+" on "+c.goos, func(t *testing.T) {
			title, text := c.err.Message(c.goos)
			if title != "局校家无法打开窗口" {
				t.Errorf("title %q", title)
			}
			if !strings.Contains(text, c.what) || !strings.Contains(text, c.todo) || !strings.Contains(text, c.err.Detail) {
				t.Errorf("%s\nwant %q, %q and the detail", text, c.what, c.todo)
			}
		})
	}
	if _, text := (&GLError{GLTooOld, "z"}).Message("linux"); strings.Contains(text, "opengl32.dll") {
		t.Error("Linux is told about opengl32.dll")
	}
	i18n.SetLanguage("en")
	if title, text := (&GLError{GLTooOld, "z"}).Message("windows"); title != "jxj cannot open its window" || !strings.Contains(text, "older than the version 2.1") {
		t.Errorf("English: %q %q", title, text)
	}
}

func TestGLMessageInEnglishWhateverTheLanguage(t *testing.T) {
	defer i18n.SetLanguage(i18n.Language())
	i18n.SetLanguage("zh-CN")
	title, text := (&GLError{GLMissing, "GLX"}).MessageIn(i18n.English, "linux")
	if title != "jxj cannot open its window" || !strings.Contains(text, "provides no OpenGL") {
		t.Errorf("MessageIn(en) under Chinese: %q %q", title, text)
	}
}
