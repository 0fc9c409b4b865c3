/*
 * modules.c - the modules of the programme (PRODUCT.md), in the order an
 * SME takes them, and the page each shows until it is built.
 */
#include <string.h>

#include "web/handlers.h"

const struct module_info programme_modules[] = {
	{"baseline", N_("Baseline"),
	 N_("First steps: updates, Wi-Fi, passwords, backups and staff awareness, "
	    "as a short questionnaire with a score and an action list.")},
	{"assets", N_("Assets"),
	 N_("What the business relies on: its information and the devices, software, "
	    "services and people it lives on, each with an owner and a classification.")},
	{"risks", N_("Risks"),
	 N_("What could go wrong: simple \"what if\" questions, or the full method "
	    "with threats, vulnerabilities and impacts, shown on a heat map.")},
	{"treatment", N_("Treatment"),
	 N_("What you decide for each risk: measures and who carries them out, by "
	    "when, and which risks you accept.")},
	{"privacy", N_("Privacy"),
	 N_("The GDPR register of processing activities: what personal data you "
	    "process, why, for how long and how it is protected.")},
	{"incidents", N_("Incidents"),
	 N_("Recording incidents, with the deadlines for notifying the authorities, "
	    "and the incident, crisis and recovery plans.")},
	{"plans", N_("Plans"),
	 N_("The incident response, crisis management and disaster recovery plans, "
	    "written from what you have entered already.")},
	{"programme", N_("Programme"),
	 N_("Staff awareness, regular tests and controls, and the review dates of "
	    "every policy and plan.")},
	{"reports", N_("Reports"),
	 N_("Every register and plan as PDF, Word and Excel documents for your "
	    "accountant, insurer or auditor.")},
};
const size_t programme_module_count = sizeof programme_modules / sizeof programme_modules[0];

void modules_page(struct request *req)
{
	const char *key = req->segments[2];
	for (size_t i = 0; i < programme_module_count; i++) {
		const struct module_info *m = &programme_modules[i];
		if (strcmp(m->key, key) != 0)
			continue;
		put(req, "module", json_pack("{s:s, s:s, s:s, s:I}", "key", m->key,
			"title", _(req, m->title), "summary", _(req, m->summary),
			"step", (json_int_t)(i + 1)));
		page(req, "modules/coming");
		return;
	}
	fail(req, 404, NULL);
}
