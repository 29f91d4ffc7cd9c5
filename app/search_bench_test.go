package app

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
)

// benchDirectory generates a school of n students in 3 grades × 10
// classes, each with two guardians with phones; a few students have a
// known name so the name queries find something.
func benchDirectory(n int) []DirectoryEntry {
	r := rand.New(rand.NewPCG(1, 2))
	surnames := []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
	given := []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文辉玉兰萍红新春梅海燕鹏飞宇浩然子涵梓轩思雨欣怡")
	name := func(parts int) string {
		s := []rune{surnames[r.IntN(len(surnames))]}
		for range parts {
			s = append(s, given[r.IntN(len(given))])
		}
		return string(s)
	}
	phone := func() string { return fmt.Sprintf("1%d%09d", 3+r.IntN(7), r.IntN(1_000_000_000)) }
	out := make([]DirectoryEntry, n)
	for i := range out {
		class := i % 30
		grade := 3 + class/10
		e := DirectoryEntry{
			StudentID:  int64(i + 1),
			Name:       name(1 + r.IntN(2)),
			Gender:     GenderMale,
			StudentNo:  fmt.Sprintf("2024%02d%02d%03d", grade, class%10+1, i/30),
			ClassID:    int64(class + 1),
			ClassLabel: fmt.Sprintf("%d年级%d班", grade, class%10+1),
		}
		if i%1000 == 0 {
			e.Name = "张三丰"
		}
		father, mother := name(2), name(2)
		e.Guardians = []GuardianContact{
			{GuardianID: int64(2*i + 1), Name: father, Relation: "父亲", Phone: phone()},
			{GuardianID: int64(2*i + 2), Name: mother, Relation: "母亲", Phone: MaskPhone(phone()), PhoneMasked: i%3 == 0},
		}
		out[i] = e
	}
	return out
}

// BenchmarkDirectorySearch measures search-as-you-type over a school of
// 5,000 students: the budget is 5 ms a search, so typing never lags.
func BenchmarkDirectorySearch(b *testing.B) {
	ix := NewDirectoryIndex(benchDirectory(5000))
	queries := []struct{ name, query string }{
		{"name", "张三丰"},
		{"name_1char", "王"},
		{"initials", "zsf"},
		{"full_pinyin", "zhangsan"},
		{"phone_4digits", "1234"},
		{"student_no", "20240305"},
		{"two_words", "zs 1234"},
		{"no_match", "qqqq"},
	}
	for _, q := range queries {
		b.Run(q.name, func(b *testing.B) {
			n := 0
			for b.Loop() {
				n = len(ix.Search(q.query, 0))
			}
			perSearch := time.Duration(b.Elapsed().Nanoseconds() / int64(b.N))
			b.ReportMetric(float64(perSearch.Nanoseconds())/1e6, "ms/search")
			b.ReportMetric(float64(n), "matches")
			if perSearch > 5*time.Millisecond {
				b.Errorf("search %q takes %v, budget 5ms", q.query, perSearch)
			}
		})
	}
	b.Run("class_filter", func(b *testing.B) {
		for b.Loop() {
			ix.Search("z", 7)
		}
	})
}

// BenchmarkDirectoryIndex measures building the index once after a load.
func BenchmarkDirectoryIndex(b *testing.B) {
	entries := benchDirectory(5000)
	for b.Loop() {
		NewDirectoryIndex(entries)
	}
}
