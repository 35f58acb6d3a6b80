/*
 * fuzz_rule.c - mastery_rule_parse and mastery_scale_parse on arbitrary
 * text.  Oracles: a parsed rule is in its documented ranges, formats within
 * MASTERY_RULE_BUFSIZE, and its canonical text parses back to the same
 * rule; a parsed scale has 2..16 valid names and strictly rising cuts in
 * (0,1], maps scores to levels monotonically, and written back as text
 * parses to the same scale; a refusal always says why.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz.h"
#include "mastery.h"
#include "util.h"

static void
check_rule(const char *text)
{
	struct mastery_rule r, back;
	struct pl_err err;
	char buf[MASTERY_RULE_BUFSIZE], small[8];
	size_t len;

	pl_err_clear(&err);
	if (mastery_rule_parse(text, &r, &err) != 0) {
		FUZZ_CHECK(err.status == PL_EXIT_USAGE && err.msg[0] != '\0',
		    "refused without a message");
		return;
	}
	switch (r.kind) {
	case MASTERY_DECAYING:
	case MASTERY_WEIGHTED:
		FUZZ_CHECK(r.weight > 0 && r.weight < 1, "weight %g", r.weight);
		break;
	case MASTERY_N_TIMES:
		FUZZ_CHECK(r.threshold == -1 || (r.threshold >= 0 &&
		    r.threshold <= 1), "threshold %g", r.threshold);
		/* fall through */
	case MASTERY_HIGHEST_OF_LAST:
	case MASTERY_MEAN_OF_LAST:
		FUZZ_CHECK(r.n >= 1 && r.n <= MASTERY_MAX_N, "n %d", r.n);
		break;
	default:
		break;
	}
	len = mastery_rule_format(&r, buf, sizeof buf);
	FUZZ_CHECK(len < sizeof buf && strlen(buf) == len, "length %zu", len);
	FUZZ_CHECK(mastery_rule_format(&r, small, sizeof small) == len &&
	    strlen(small) == (len < sizeof small ? len : sizeof small - 1),
	    "truncated format");
	FUZZ_CHECK(mastery_rule_parse(buf, &back, &err) == 0,
	    "\"%s\" (from \"%s\") does not parse: %s", buf, text, err.msg);
	FUZZ_CHECK(back.kind == r.kind && back.weight == r.weight &&
	    back.n == r.n && back.threshold == r.threshold &&
	    back.fit == r.fit, "\"%s\" (from \"%s\") parses differently",
	    buf, text);
}

static void
check_scale(const char *text)
{
	struct mastery_scale s, back;
	struct pl_err err;
	char again[MASTERY_LEVELS_MAX * (MASTERY_NAME_MAX + 32)];
	size_t len = 0;
	int i, prev = 0;

	pl_err_clear(&err);
	if (mastery_scale_parse(text, &s, &err) != 0) {
		FUZZ_CHECK(err.status == PL_EXIT_USAGE && err.msg[0] != '\0',
		    "refused without a message");
		return;
	}
	FUZZ_CHECK(s.nlevels >= 2 && s.nlevels <= MASTERY_LEVELS_MAX,
	    "%d levels", s.nlevels);
	FUZZ_CHECK(s.mastery_level >= 0 && s.mastery_level < s.nlevels,
	    "mastery level %d", s.mastery_level);
	FUZZ_CHECK(s.cut[0] == 0, "cut 0 is %g", s.cut[0]);
	for (i = 0; i < s.nlevels; i++) {
		size_t n = strlen(s.name[i]);

		FUZZ_CHECK(n > 0 && n < MASTERY_NAME_MAX, "name %d", i);
		FUZZ_CHECK(!util_strcaseeq(s.name[i], MASTERY_NOT_YET_NAME),
		    "not_yet accepted");
		if (i > 0)
			FUZZ_CHECK(s.cut[i] > s.cut[i - 1] && s.cut[i] <= 1,
			    "cut %d is %g after %g", i, s.cut[i], s.cut[i - 1]);
		FUZZ_CHECK(mastery_scale_level(&s, s.cut[i]) == i,
		    "a score on cut %d is level %d", i,
		    mastery_scale_level(&s, s.cut[i]));
		FUZZ_CHECK(strcmp(mastery_scale_name(&s, i), s.name[i]) == 0,
		    "name");
	}
	/* The text again, cuts written exactly. */
	len = (size_t)snprintf(again, sizeof again, "%s", s.name[0]);
	for (i = 1; i < s.nlevels; i++)
		len += (size_t)snprintf(again + len, sizeof again - len,
		    "<%.17g<%s", s.cut[i], s.name[i]);
	for (i = 0; i <= 100; i++) {
		int lvl = mastery_scale_level(&s, i / 100.0);

		FUZZ_CHECK(lvl >= prev && lvl < s.nlevels, "level of %d%%", i);
		prev = lvl;
	}
	FUZZ_CHECK(mastery_scale_parse(again, &back, &err) == 0,
	    "\"%s\" does not parse: %s", again, err.msg);
	FUZZ_CHECK(back.nlevels == s.nlevels && back.mastery_level ==
	    s.mastery_level && memcmp(back.cut, s.cut, sizeof s.cut) == 0 &&
	    memcmp(back.name, s.name, sizeof s.name) == 0,
	    "\"%s\" parses differently", again);
	FUZZ_CHECK(mastery_scale_set_mastery(&back, s.name[0], &err) == 0 &&
	    back.mastery_level == 0, "set_mastery");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xmalloc(size + 1);

	memcpy(text, data, size);
	text[size] = '\0';
	check_rule(text);
	check_scale(text);
	free(text);
	return 0;
}
