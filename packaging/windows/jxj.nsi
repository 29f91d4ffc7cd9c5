; The Windows installer of 局校家 jxj, built by scripts/dist.sh:
;   makensis -WX -INPUTCHARSET UTF8 -DVERSION=… -DFILEVERSION=a.b.c.d
;            -DBUILD=dir-with-jxj.exe-and-jxj.ico -DOUTFILE=… [-DMESA=opengl32.dll] jxj.nsi
;
; A teacher double-clicks it: it installs for that Windows user, with no
; administrator rights, to %LOCALAPPDATA%\Programs\jxj. Run as
; administrator, it installs for all users to Program Files\jxj. Installing
; again over an older version uses the same folder and keeps the data. The
; school's data is never in the program folder: jxj keeps it in
; %LOCALAPPDATA%\jxj (storage.DefaultDir), which the uninstaller keeps
; unless the user ticks the box that deletes it.

Unicode true
ManifestSupportedOS Win10
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!include MUI2.nsh
!include LogicLib.nsh
!include WinVer.nsh
!include x64.nsh
!include FileFunc.nsh

!define APP "jxj"
!define APPNAME "局校家"
!define PUBLISHER "局校家"
!define EXE "jxj.exe"
!define UNINSTALLER "uninstall.exe"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\jxj"
; the data folder jxj uses on Windows, under the user's %LOCALAPPDATA%
!define DATADIR "jxj"

Name "${APPNAME} ${VERSION}"
OutFile "${OUTFILE}"
BrandingText "${APPNAME} ${VERSION}"
ShowInstDetails show
ShowUninstDetails show

VIProductVersion "${FILEVERSION}"
VIAddVersionKey /LANG=0 "ProductName" "${APPNAME} ${APP}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "FileDescription" "${APPNAME} ${APP} setup"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "${PUBLISHER}"

; "all" when installed for all users (HKLM, Program Files), "current" for
; one Windows user (HKCU, %LOCALAPPDATA%\Programs)
Var Mode
; 1 when an installed jxj was found: the same folder is used again
Var Upgrade

!define MUI_ICON "${BUILD}\jxj.ico"
!define MUI_UNICON "${BUILD}\jxj.ico"
!define MUI_ABORTWARNING
!define MUI_LANGDLL_ALLLANGUAGES
!define MUI_LANGDLL_REGISTRY_ROOT HKCU
!define MUI_LANGDLL_REGISTRY_KEY "Software\jxj"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"

!insertmacro MUI_PAGE_WELCOME
!define MUI_PAGE_CUSTOMFUNCTION_PRE SkipDirectoryOnUpgrade
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!define MUI_COMPONENTSPAGE_TEXT_TOP "$(UnDataWarning)"
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

; the first language is the default: Simplified Chinese
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

LangString SecProgram ${LANG_SIMPCHINESE} "局校家程序"
LangString SecProgram ${LANG_ENGLISH} "局校家 program"
LangString SecData ${LANG_SIMPCHINESE} "同时删除本机的学校数据（不可恢复）"
LangString SecData ${LANG_ENGLISH} "Also delete the school's data on this PC (cannot be undone)"
LangString UnDataWarning ${LANG_SIMPCHINESE} "默认只卸载程序，学校数据（%LOCALAPPDATA%\${DATADIR}，含数据库和每日备份）会保留，重新安装后可继续使用。只有在确定不再需要这些数据、并已另行备份时，才勾选删除。"
LangString UnDataWarning ${LANG_ENGLISH} "Only the program is removed; the school's data (%LOCALAPPDATA%\${DATADIR}: the database and its daily backups) is kept, and a new install goes on with it. Tick the box only if the data is no longer needed and has been backed up elsewhere."
LangString MsgRunning ${LANG_SIMPCHINESE} "局校家正在运行。点击“确定”关闭它（已保存的数据不会丢失），或点击“取消”退出。"
LangString MsgRunning ${LANG_ENGLISH} "局校家 is running. Click OK to close it (saved data is not lost), or Cancel to stop."
LangString MsgStillRunning ${LANG_SIMPCHINESE} "局校家仍在运行。请先在它的窗口中退出（或注销后重新登录），然后点击“重试”。"
LangString MsgStillRunning ${LANG_ENGLISH} "局校家 is still running. Quit it in its window (or sign out and in again), then click Retry."
LangString MsgAdminUninstall ${LANG_SIMPCHINESE} "局校家是为所有用户安装的，卸载需要管理员权限。请在下一个窗口中允许，或请管理员卸载。"
LangString MsgAdminUninstall ${LANG_ENGLISH} "局校家 was installed for all users; removing it needs administrator rights. Allow it in the next window, or ask an administrator to remove it."

; Windows 7, 8 and 8.1 cannot run jxj (built with Go 1.26), nor can 32-bit
; Windows. This is said before the language is chosen, so in both.
!define MSG_OLDWINDOWS "局校家需要 64 位的 Windows 10 或 Windows 11，这台电脑的 Windows 版本太旧（或是 32 位），无法运行。$\r$\n请在学校的另一台 Windows 10/11 电脑上安装，或请信息技术老师升级这台电脑的系统。$\r$\n$\r$\n局校家 needs 64-bit Windows 10 or Windows 11; this PC's Windows is older (or 32-bit) and cannot run it.$\r$\nInstall it on another Windows 10/11 PC of the school, or ask the IT teacher to upgrade this PC."

Function .onInit
	${IfNot} ${AtLeastWin10}
	${OrIfNot} ${RunningX64}
		MessageBox MB_OK|MB_ICONSTOP "${MSG_OLDWINDOWS}" /SD IDOK
		Abort
	${EndIf}
	!insertmacro MUI_LANGDLL_DISPLAY
	SetRegView 64
	Call ChooseMode
	StrCpy $Upgrade 0
	ReadRegStr $0 SHCTX "${UNINSTKEY}" "InstallLocation"
	${If} $0 != ""
	${AndIf} ${FileExists} "$0\${EXE}"
		StrCpy $INSTDIR $0
		StrCpy $Upgrade 1
	${EndIf}
FunctionEnd

; ChooseMode installs for all users when the installer runs with
; administrator rights, for this user otherwise.
Function ChooseMode
	UserInfo::GetAccountType
	Pop $0
	${If} $0 == "Admin"
		StrCpy $Mode "all"
		SetShellVarContext all
		StrCpy $INSTDIR "$PROGRAMFILES64\${APP}"
	${Else}
		StrCpy $Mode "current"
		SetShellVarContext current
		StrCpy $INSTDIR "$LOCALAPPDATA\Programs\${APP}"
	${EndIf}
FunctionEnd

Function SkipDirectoryOnUpgrade
	${If} $Upgrade == 1
		Abort ; an upgrade goes into the folder of the version it replaces
	${EndIf}
FunctionEnd

; CloseRunning closes the jxj.exe in the folder, asking first. A running
; exe cannot be opened for writing, which tells it runs. `jxj quit` asks
; the window on the default data folder to quit, as 退出 in its tray does
; (a close message would only hide a window living in the tray), and
; waits until its database is closed; taskkill's close message (no /F)
; then closes any other, as its window's close button does.
!macro CLOSE_RUNNING un
Function ${un}CloseRunning
	${IfNot} ${FileExists} "$INSTDIR\${EXE}"
		Return
	${EndIf}
	ClearErrors
	FileOpen $0 "$INSTDIR\${EXE}" a
	${IfNot} ${Errors}
		FileClose $0
		Return
	${EndIf}
	MessageBox MB_OKCANCEL|MB_ICONEXCLAMATION "$(MsgRunning)" /SD IDOK IDOK close
	Abort
close:
	nsExec::Exec '"$INSTDIR\${EXE}" quit'
	Pop $0
	nsExec::Exec '"$SYSDIR\taskkill.exe" /IM ${EXE}'
	Pop $0
	StrCpy $1 0
	${Do}
		Sleep 1000
		ClearErrors
		FileOpen $0 "$INSTDIR\${EXE}" a
		${IfNot} ${Errors}
			FileClose $0
			Return
		${EndIf}
		IntOp $1 $1 + 1
		${If} $1 >= 15
			MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(MsgStillRunning)" /SD IDCANCEL IDRETRY +2
			Abort
			StrCpy $1 0
		${EndIf}
	${Loop}
FunctionEnd
!macroend
!insertmacro CLOSE_RUNNING ""
!insertmacro CLOSE_RUNNING "un."

Section "$(SecProgram)" SecProgram
	SectionIn RO
	Call CloseRunning
	SetOutPath "$INSTDIR"
	File "${BUILD}\${EXE}"
	!ifdef MESA
		; Mesa's software OpenGL, for PCs whose graphics driver has none
		File "${MESA}"
	!endif
	WriteUninstaller "$INSTDIR\${UNINSTALLER}"

	CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0
	CreateShortcut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0

	; Add/Remove Programs, in HKLM for all users, HKCU for one (SHCTX
	; follows SetShellVarContext)
	WriteRegStr SHCTX "${UNINSTKEY}" "DisplayName" "${APPNAME} ${APP}"
	WriteRegStr SHCTX "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
	WriteRegStr SHCTX "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
	WriteRegStr SHCTX "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\${EXE},0"
	WriteRegStr SHCTX "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
	WriteRegStr SHCTX "${UNINSTKEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
	WriteRegStr SHCTX "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
	WriteRegDWORD SHCTX "${UNINSTKEY}" "NoModify" 1
	WriteRegDWORD SHCTX "${UNINSTKEY}" "NoRepair" 1
	${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
	IntFmt $0 "0x%08X" $0
	WriteRegDWORD SHCTX "${UNINSTKEY}" "EstimatedSize" $0
SectionEnd

Function un.onInit
	!insertmacro MUI_UNGETLANGUAGE
	SetRegView 64
	; installed for all users when HKLM names this folder
	ReadRegStr $0 HKLM "${UNINSTKEY}" "InstallLocation"
	${If} $0 == $INSTDIR
		StrCpy $Mode "all"
		SetShellVarContext all
		UserInfo::GetAccountType
		Pop $1
		${If} $1 != "Admin"
			MessageBox MB_OKCANCEL|MB_ICONINFORMATION "$(MsgAdminUninstall)" /SD IDCANCEL IDOK elevate
			Abort
		elevate:
			ExecShell "runas" "$INSTDIR\${UNINSTALLER}"
			Quit
		${EndIf}
	${Else}
		StrCpy $Mode "current"
		SetShellVarContext current
	${EndIf}
FunctionEnd

Section "un.$(SecProgram)" UnSecProgram
	SectionIn RO
	Call un.CloseRunning
	Delete "$SMPROGRAMS\${APPNAME}.lnk"
	Delete "$DESKTOP\${APPNAME}.lnk"
	Delete "$INSTDIR\${EXE}"
	Delete "$INSTDIR\opengl32.dll"
	Delete "$INSTDIR\${UNINSTALLER}"
	RMDir "$INSTDIR"
	DeleteRegKey SHCTX "${UNINSTKEY}"
SectionEnd

; unticked by default (/o): the data stays unless the user asks. It is
; the data folder of the Windows user who runs the uninstaller.
Section /o "un.$(SecData)" UnSecData
	SetShellVarContext current
	${If} ${FileExists} "$LOCALAPPDATA\${DATADIR}\*.*"
		RMDir /r "$LOCALAPPDATA\${DATADIR}"
	${EndIf}
	${If} $Mode == "all"
		SetShellVarContext all
	${EndIf}
SectionEnd
