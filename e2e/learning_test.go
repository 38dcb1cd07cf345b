package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"corridor/internal/db"
	"corridor/internal/i18n"
	"corridor/internal/law/lawdb"
	"corridor/internal/learning"
)

func learnMsg(lang, key string, args ...any) string { return i18n.Default.T(lang, key, args...) }

// answerDemoQuiz fills in the sample quiz's right answers: the questions
// and options are shuffled per attempt, so each is found by its text.
const answerDemoQuiz = `(() => {
  const pick = (li, text) => { for (const l of li.querySelectorAll('label')) { if (l.textContent.includes(text)) { l.querySelector('input').checked = true; } } };
  const matches = {'Emigration': 'Leaving', 'Immigration': 'Arriving', 'Remittances': 'Money'};
  let n = 0;
  for (const li of document.querySelectorAll('li.learn-q')) {
    const q = li.querySelector('legend').textContent;
    n++;
    if (q.includes('non-refoulement')) pick(li, 'Article 33');
    else if (q.includes('Protocol relating')) li.querySelector('input[type=text]').value = '1967';
    else if (q.includes('Mexico')) li.querySelector('input[value=true]').checked = true;
    else if (q.includes('Match each term')) {
      for (const sel of li.querySelectorAll('select')) {
        const left = li.querySelector('label[for="' + sel.id + '"]').textContent.trim();
        for (const o of sel.options) { if (o.textContent.startsWith(matches[left])) sel.value = o.value; }
      }
    }
    else if (q.includes('acronym')) li.querySelector('input[type=text]').value = 'iom';
    else if (q.includes('durable solutions')) { pick(li, 'Voluntary repatriation'); pick(li, 'Local integration'); pick(li, 'Resettlement'); }
    else if (q.includes('explain why')) li.querySelector('textarea').value = 'Data shows where people move; law says what they are entitled to.';
    else n--;
  }
  return n;
})()`

// A member enrols in the sample course, reads the lessons of module 1
// (which completes it), takes the quiz (every question type), a trainer
// grades the essay, and the member sees the quiz passed. Screenshots at
// 1366 and 390 px wide in English, French and Spanish.
func TestLearningCourse(t *testing.T) {
	forEachEngine(t, func(t *testing.T, b *browser) {
		ctx := context.Background()
		store := b.site.app.DB
		for _, load := range []func(context.Context, *db.DB) error{lawdb.LoadDemo, learning.LoadDemo} {
			if err := load(ctx, store); err != nil {
				t.Fatal(err)
			}
		}
		b.viewport(1366, 900)
		b.expectStatus("catalogue", b.open("/learning"), 200)
		b.expect("heading", b.text("main h1"), learnMsg("en", "learning.title"))
		if n := b.count(".learn-sample"); n != 1 {
			b.fail("%d sample marks in the catalogue, want 1", n)
		}
		b.shot("learning-catalogue-en-1366.png")
		// The section card on the home page leads here.
		b.expectStatus("section", b.open("/sections/learning"), 200)
		b.expect("section redirect", b.path(), "/learning")

		b.expectStatus("member login", b.login("member@corridor.test", "corridor-demo-member"), 200)
		b.open("/learning")
		b.expectStatus("course", b.click(`main .cards a`), 200)
		b.expectStatus("enrol", b.click("#enrol"), 200)
		b.expect("flash", b.text("main p.flash"), learnMsg("en", "learning.flash.enrolled"))
		if got := b.attr("#course-progress", "value"); got != "0" {
			b.fail("progress %q after enrolling", got)
		}
		// What the lessons teach, resolved by the law and data domains.
		teaches := b.text(".learn-teaches")
		for _, want := range []string{"Convention", "Mexico"} {
			if !strings.Contains(teaches, want) {
				b.fail("the course's taught things %q lack %q", teaches, want)
			}
		}
		courseURL := b.path()

		// Module 1: two lessons, each marked read.
		b.expectStatus("lesson 1", b.click(".learn-outline li:first-child ul li:first-child a"), 200)
		if n := b.count(".learn-lesson table"); n != 1 {
			b.fail("the lesson's Markdown table is not rendered (%d tables)", n)
		}
		b.shot("learning-lesson-en-1366.png")
		b.expectStatus("lesson 1 done", b.click("#done"), 200)
		b.expectStatus("lesson 2 done", b.click("#done"), 200)
		b.expectStatus("back to course", b.open(courseURL), 200)
		if n := b.count(".learn-outline > li:first-child h3 .learn-done"); n != 1 {
			b.fail("module 1 is not shown complete")
		}
		b.shot("learning-course-en-1366.png")

		// The quiz, in module 3.
		b.expectStatus("quiz page", b.click(`.learn-outline a[href^="/learning/quizzes/"]`), 200)
		b.expectStatus("start", b.click("#start"), 200)
		if n := b.count("li.learn-q"); n != 7 {
			b.fail("%d questions on the paper, want 7", n)
		}
		if got := eval[int](b, answerDemoQuiz); got != 7 {
			b.fail("answered %d questions, want 7", got)
		}
		b.shot("learning-attempt-en-1366.png")
		b.viewport(390, 844)
		b.shot("learning-attempt-en-390.png")
		b.viewport(1366, 900)
		attemptURL := b.path()
		b.expectStatus("submit", b.click("#submit"), 200)
		b.expect("pending", b.text("#result"), learnMsg("en", "learning.attempt.pending"))
		// A second submission of the same attempt is refused.
		resp := eval[int](b, fmt.Sprintf(`(() => { const x = new XMLHttpRequest(); x.open('POST', %q, false); x.setRequestHeader('Content-Type', 'application/x-www-form-urlencoded'); x.send('action=submit&csrf_token=' + document.querySelector('input[name=csrf_token]').value); return x.status; })()`, attemptURL))
		if resp != 409 {
			b.fail("a second submission answered %d, want 409", resp)
		}
		b.logout()

		// The trainer grades the essay.
		b.expectStatus("trainer login", b.login("trainer@corridor.test", "corridor-demo-trainer"), 200)
		b.expectStatus("grading", b.open("/learning/grading"), 200)
		b.shot("learning-grading-en-1366.png")
		b.typeInto(`main form[action^="/learning/grading/"] input[name=score]`, "1")
		b.expectStatus("grade", b.click(`main form[action^="/learning/grading/"] button`), 200)
		b.logout()

		b.expectStatus("member again", b.login("member@corridor.test", "corridor-demo-member"), 200)
		b.expectStatus("result", b.open(attemptURL), 200)
		if got := b.text("#result"); !strings.Contains(got, learnMsg("en", "learning.quiz.passed")) || !strings.Contains(got, "100") {
			b.fail("result %q, want passed with 100%%", got)
		}
		if n := b.count(".learn-right"); n == 0 {
			b.fail("the review shows no right answers")
		}

		// A fresh browser per language: the harness gives each 60 s.
		for _, lang := range []string{"en", "fr", "es"} {
			b := newBrowser(t, b.site, requireBrowser(t))
			b.expectStatus("member "+lang, b.login("member@corridor.test", "corridor-demo-member"), 200)
			b.viewport(1366, 900)
			b.open("/learning")
			if lang != "en" {
				b.click(fmt.Sprintf(selLangButtonFmt, lang))
			}
			b.expect("catalogue heading "+lang, b.text("main h1"), learnMsg(lang, "learning.title"))
			b.shot("learning-catalogue-" + lang + "-1366.png")
			if lang != "en" {
				if got := b.text("main .cards h2"); strings.Contains(got, "Essentials") {
					b.fail("the %s catalogue shows the English version %q", lang, got)
				}
			}
			b.open(courseURL)
			b.shot("learning-course-" + lang + "-1366.png")
			b.open(attemptURL)
			b.shot("learning-result-" + lang + "-1366.png")
			b.open("/learning/dashboard")
			if n := b.count("progress.learn-bar"); n != 1 {
				b.fail("%d progress bars on the dashboard", n)
			}
			b.shot("learning-dashboard-" + lang + "-1366.png")
			b.viewport(390, 844)
			b.open(courseURL)
			b.shot("learning-course-" + lang + "-390.png")
			b.open(attemptURL)
			b.shot("learning-result-" + lang + "-390.png")
			b.open("/learning/dashboard")
			b.shot("learning-dashboard-" + lang + "-390.png")
		}
	})
}
