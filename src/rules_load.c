/* rules_load.c: reading a rule set file and refusing one whose meaning is
 * unclear. Every check happens here, once, so that scoring never meets an
 * operator it does not know or a value of the wrong type: a rule set that
 * loads scores every lead or names the cell it cannot read. */
#define _POSIX_C_SOURCE 200809L
#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "leadscore/fileio.h"
#include "leadscore/levels.h"
#include "rules_internal.h"

typedef struct {
    ls_rules *r;
    const char *path;
    size_t rule; /* 0-based; messages say rule + 1 */
    const char *label;
    ls_error *err;
} load_ctx;

/* "rule 2 'Student or intern': message" */
static int rule_error(load_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int rule_error(load_ctx *c, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (c->label != NULL) {
        return ls_errorf(c->err, LS_EDATA, c->path, 0, 0, "rule %zu '%.80s': %s", c->rule + 1, c->label, msg);
    }
    return ls_errorf(c->err, LS_EDATA, c->path, 0, 0, "rule %zu: %s", c->rule + 1, msg);
}

static int no_memory(load_ctx *c)
{
    return ls_errorf(c->err, LS_ENOMEM, c->path, 0, 0, "out of memory");
}

static int grow(void **array, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) {
        return 0;
    }
    size_t cap2 = *cap ? *cap * 2 : 16;
    while (cap2 < need) {
        cap2 *= 2;
    }
    void *a = realloc(*array, cap2 * size);
    if (a == NULL) {
        return -1;
    }
    *array = a;
    *cap = cap2;
    return 0;
}

/* The index of column name, added when new; -1 when out of memory. */
static long intern_column(ls_rules *r, const char *name, size_t rule, int numeric, int text)
{
    size_t i = 0;
    while (i < r->n_columns && strcmp(r->columns[i].name, name) != 0) {
        i++;
    }
    if (i == r->n_columns) {
        rule_column *cols = realloc(r->columns, (r->n_columns + 1) * sizeof *cols);
        if (cols == NULL) {
            return -1;
        }
        r->columns = cols;
        memset(&cols[i], 0, sizeof cols[i]);
        if ((cols[i].name = strdup(name)) == NULL) {
            return -1;
        }
        cols[i].bound = -1;
        cols[i].first_rule = rule;
        r->n_columns++;
    }
    r->columns[i].numeric |= numeric;
    r->columns[i].text |= text;
    return (long)i;
}

static long new_node(ls_rules *r, rule_op op)
{
    if (grow((void **)&r->nodes, &r->cap_nodes, r->n_nodes + 1, sizeof *r->nodes) != 0) {
        return -1;
    }
    memset(&r->nodes[r->n_nodes], 0, sizeof r->nodes[0]);
    r->nodes[r->n_nodes].op = op;
    return (long)r->n_nodes++;
}

static const char *const operators[] = {"equals",    "in",    "contains", "at_least", "at_most", "greater_than",
                                        "less_than", "between", "missing", "all",      "any",     "not"};

static int is_operator(const char *key)
{
    for (size_t i = 0; i < sizeof operators / sizeof operators[0]; i++) {
        if (strcmp(key, operators[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

/* Adds one equals/in/contains value; the text ones are listed for 'rules
 * check'. */
static int add_value(load_ctx *c, const cJSON *v, const char *op, size_t column, int contains)
{
    ls_rules *r = c->r;
    if (!cJSON_IsString(v) && !(cJSON_IsNumber(v) && !contains)) {
        return rule_error(c, "'%s' on column '%s' takes %s", op, r->columns[column].name,
                          contains ? "text" : "text or numbers");
    }
    if (grow((void **)&r->values, &r->cap_values, r->n_values + 1, sizeof *r->values) != 0) {
        return no_memory(c);
    }
    rule_value *val = &r->values[r->n_values];
    memset(val, 0, sizeof *val);
    if (cJSON_IsNumber(v)) {
        val->is_number = 1;
        val->number = v->valuedouble;
        r->columns[column].numeric = 1;
        r->n_values++;
        return LS_OK;
    }
    size_t len = strlen(v->valuestring);
    if ((val->key = malloc(len + 1)) == NULL) {
        return no_memory(c);
    }
    val->key_len = ls_level_key(v->valuestring, len, 0, val->key);
    r->n_values++;
    r->columns[column].text = 1;
    if (grow((void **)&r->text_values, &r->cap_text_values, r->n_text_values + 1, sizeof *r->text_values) != 0) {
        return no_memory(c);
    }
    ls_rules_text_value *tv = &r->text_values[r->n_text_values++];
    tv->rule = c->rule;
    tv->column = column;
    tv->key = val->key;
    tv->contains = contains;
    /* a copy: the JSON tree is gone once loading ends */
    if ((tv->value = strdup(v->valuestring)) == NULL) {
        r->n_text_values--;
        return no_memory(c);
    }
    return LS_OK;
}

static int number_value(load_ctx *c, const cJSON *v, const char *op, const char *column, double *out)
{
    if (!cJSON_IsNumber(v)) {
        return rule_error(c, "'%s' on column '%s' takes a number", op, column);
    }
    *out = v->valuedouble;
    return LS_OK;
}

static long parse_condition(load_ctx *c, const cJSON *cond, int depth);

static long parse_combinator(load_ctx *c, const cJSON *item, const char *op, int depth)
{
    ls_rules *r = c->r;
    rule_op kind = strcmp(op, "all") == 0 ? RULE_ALL : strcmp(op, "any") == 0 ? RULE_ANY : RULE_NOT;
    if (kind == RULE_NOT ? !cJSON_IsObject(item) : !cJSON_IsArray(item)) {
        rule_error(c, "'%s' takes %s", op, kind == RULE_NOT ? "one condition (an object)" : "a list of conditions");
        return -1;
    }
    size_t n = kind == RULE_NOT ? 1 : (size_t)cJSON_GetArraySize(item);
    long kids[64];
    if (n > sizeof kids / sizeof kids[0]) {
        rule_error(c, "'%s' lists %zu conditions, more than 64", op, n);
        return -1;
    }
    size_t k = 0;
    if (kind == RULE_NOT) {
        if ((kids[k++] = parse_condition(c, item, depth + 1)) < 0) {
            return -1;
        }
    } else {
        const cJSON *sub;
        cJSON_ArrayForEach(sub, item)
        {
            if ((kids[k++] = parse_condition(c, sub, depth + 1)) < 0) {
                return -1;
            }
        }
    }
    /* the children go in one run after every deeper node has placed its own */
    if (grow((void **)&r->child, &r->cap_child, r->n_child + n, sizeof *r->child) != 0) {
        no_memory(c);
        return -1;
    }
    long node = new_node(r, kind);
    if (node < 0) {
        no_memory(c);
        return -1;
    }
    r->nodes[node].first = r->n_child;
    r->nodes[node].n = n;
    for (size_t i = 0; i < n; i++) {
        r->child[r->n_child++] = (size_t)kids[i];
    }
    return node;
}

static long parse_comparison(load_ctx *c, const cJSON *item, const char *op, const char *column_name)
{
    ls_rules *r = c->r;
    int numeric = strcmp(op, "at_least") == 0 || strcmp(op, "at_most") == 0 || strcmp(op, "greater_than") == 0 ||
                  strcmp(op, "less_than") == 0 || strcmp(op, "between") == 0;
    long column = intern_column(r, column_name, c->rule, numeric, 0);
    long node = column >= 0 ? new_node(r, RULE_EQUALS) : -1;
    if (node < 0) {
        no_memory(c);
        return -1;
    }
    rule_node *nd = &r->nodes[node];
    nd->column = (size_t)column;
    int status = LS_OK;
    if (strcmp(op, "equals") == 0 || strcmp(op, "contains") == 0) {
        nd->op = op[0] == 'e' ? RULE_EQUALS : RULE_CONTAINS;
        nd->first = r->n_values;
        nd->n = 1;
        status = add_value(c, item, op, (size_t)column, nd->op == RULE_CONTAINS);
    } else if (strcmp(op, "in") == 0) {
        if (!cJSON_IsArray(item)) {
            return rule_error(c, "'in' on column '%s' takes a list", column_name), -1;
        }
        nd->op = RULE_EQUALS;
        nd->first = r->n_values;
        const cJSON *v;
        cJSON_ArrayForEach(v, item)
        {
            if ((status = add_value(c, v, op, (size_t)column, 0)) != LS_OK) {
                break;
            }
        }
        r->nodes[node].n = r->n_values - r->nodes[node].first;
    } else if (strcmp(op, "missing") == 0) {
        if (!cJSON_IsBool(item)) {
            return rule_error(c, "'missing' on column '%s' takes true or false", column_name), -1;
        }
        nd->op = RULE_MISSING;
        nd->missing = cJSON_IsTrue(item);
    } else if (strcmp(op, "between") == 0) {
        nd->op = RULE_BETWEEN;
        if (!cJSON_IsArray(item) || cJSON_GetArraySize(item) != 2 || !cJSON_IsNumber(cJSON_GetArrayItem(item, 0)) ||
            !cJSON_IsNumber(cJSON_GetArrayItem(item, 1))) {
            return rule_error(c, "'between' on column '%s' takes two numbers [lo, hi]", column_name), -1;
        }
        nd->lo = cJSON_GetArrayItem(item, 0)->valuedouble;
        nd->hi = cJSON_GetArrayItem(item, 1)->valuedouble;
        if (nd->lo > nd->hi) {
            return rule_error(c, "'between' on column '%s' has lo %g above hi %g", column_name, nd->lo, nd->hi), -1;
        }
    } else {
        nd->op = strcmp(op, "at_least") == 0  ? RULE_AT_LEAST
                 : strcmp(op, "at_most") == 0 ? RULE_AT_MOST
                 : op[0] == 'g'              ? RULE_GREATER
                                             : RULE_LESS;
        status = number_value(c, item, op, column_name, &nd->lo);
    }
    return status == LS_OK ? node : -1;
}

/* Parses one condition; returns its node, or -1 with err filled. */
static long parse_condition(load_ctx *c, const cJSON *cond, int depth)
{
    if (depth > 32) {
        rule_error(c, "conditions nested deeper than 32");
        return -1;
    }
    if (!cJSON_IsObject(cond)) {
        rule_error(c, "a condition must be an object such as {\"column\": \"x\", \"equals\": \"y\"}");
        return -1;
    }
    const cJSON *column = NULL, *op_item = NULL, *item;
    cJSON_ArrayForEach(item, cond)
    {
        if (strcmp(item->string, "column") == 0) {
            column = item;
        } else if (!is_operator(item->string)) {
            rule_error(c, "unknown operator '%.60s' (known: equals, in, contains, at_least, at_most, greater_than, "
                          "less_than, between, missing, all, any, not)",
                       item->string);
            return -1;
        } else if (op_item != NULL) {
            rule_error(c, "a condition with two operators ('%s' and '%s'): write one, or combine them with \"all\"",
                       op_item->string, item->string);
            return -1;
        } else {
            op_item = item;
        }
    }
    if (op_item == NULL) {
        rule_error(c, "a condition with no operator");
        return -1;
    }
    const char *op = op_item->string;
    int combinator = strcmp(op, "all") == 0 || strcmp(op, "any") == 0 || strcmp(op, "not") == 0;
    if (combinator) {
        if (column != NULL) {
            rule_error(c, "'%s' takes no column", op);
            return -1;
        }
        return parse_combinator(c, op_item, op, depth);
    }
    if (!cJSON_IsString(column) || column->valuestring[0] == '\0') {
        rule_error(c, "'%s' needs a \"column\"", op);
        return -1;
    }
    return parse_comparison(c, op_item, op, column->valuestring);
}

static int parse_rule(load_ctx *c, const cJSON *rule)
{
    ls_rules *r = c->r;
    rule_def *d = &r->rules[c->rule];
    d->when = -1;
    d->per_unit = -1;
    d->group = -1;
    d->max = -1.0;
    if (!cJSON_IsObject(rule)) {
        return rule_error(c, "a rule must be an object with \"label\" and \"points\"");
    }
    const cJSON *label = cJSON_GetObjectItemCaseSensitive(rule, "label");
    if (!cJSON_IsString(label) || label->valuestring[0] == '\0') {
        return rule_error(c, "a rule needs a \"label\" (its name in reasons)");
    }
    c->label = label->valuestring;
    for (size_t i = 0; i < c->rule; i++) {
        if (strcmp(r->rules[i].label, label->valuestring) == 0) {
            return rule_error(c, "duplicate label: rule %zu has the same label", i + 1);
        }
    }
    if ((d->label = strdup(label->valuestring)) == NULL) {
        return no_memory(c);
    }
    const cJSON *points = cJSON_GetObjectItemCaseSensitive(rule, "points");
    if (!cJSON_IsNumber(points)) {
        return rule_error(c, "a rule needs \"points\" (a number)");
    }
    d->points = points->valuedouble;
    const cJSON *max = cJSON_GetObjectItemCaseSensitive(rule, "max");
    if (max != NULL) {
        if (!cJSON_IsNumber(max) || max->valuedouble < 0) {
            return rule_error(c, "\"max\" must be a number of points, 0 or more");
        }
        d->max = max->valuedouble;
    }
    const cJSON *group = cJSON_GetObjectItemCaseSensitive(rule, "group");
    if (group != NULL) {
        if (!cJSON_IsString(group)) {
            return rule_error(c, "\"group\" must be a group's name");
        }
        for (size_t g = 0; g < r->n_groups; g++) {
            if (strcmp(r->groups[g].name, group->valuestring) == 0) {
                d->group = (long)g;
            }
        }
        if (d->group < 0) {
            return rule_error(c, "unknown group '%.60s' (not in \"groups\")", group->valuestring);
        }
    }
    const cJSON *per_unit = cJSON_GetObjectItemCaseSensitive(rule, "per_unit");
    if (per_unit != NULL) {
        if (!cJSON_IsString(per_unit) || per_unit->valuestring[0] == '\0') {
            return rule_error(c, "\"per_unit\" must name a numeric column");
        }
        if ((d->per_unit = intern_column(r, per_unit->valuestring, c->rule, 1, 0)) < 0) {
            return no_memory(c);
        }
    }
    const cJSON *when = cJSON_GetObjectItemCaseSensitive(rule, "when");
    if (when != NULL && (d->when = parse_condition(c, when, 0)) < 0) {
        return c->err->code;
    }
    return LS_OK;
}

static int parse_groups(load_ctx *c, const cJSON *groups)
{
    ls_rules *r = c->r;
    if (groups == NULL) {
        return LS_OK;
    }
    if (!cJSON_IsArray(groups)) {
        return ls_errorf(c->err, LS_EDATA, c->path, 0, 0, "\"groups\" must be a list of {\"name\", \"max\"}");
    }
    size_t n = (size_t)cJSON_GetArraySize(groups);
    if ((r->groups = calloc(n ? n : 1, sizeof *r->groups)) == NULL) {
        return no_memory(c);
    }
    const cJSON *g;
    cJSON_ArrayForEach(g, groups)
    {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(g, "name");
        const cJSON *max = cJSON_GetObjectItemCaseSensitive(g, "max");
        if (!cJSON_IsString(name) || name->valuestring[0] == '\0') {
            return ls_errorf(c->err, LS_EDATA, c->path, 0, 0, "group %zu has no \"name\"", r->n_groups + 1);
        }
        for (size_t k = 0; k < r->n_groups; k++) {
            if (strcmp(r->groups[k].name, name->valuestring) == 0) {
                return ls_errorf(c->err, LS_EDATA, c->path, 0, 0, "group '%.60s' is declared twice",
                                 name->valuestring);
            }
        }
        if (max != NULL && !cJSON_IsNumber(max)) {
            return ls_errorf(c->err, LS_EDATA, c->path, 0, 0, "group '%.60s': \"max\" must be a number",
                             name->valuestring);
        }
        rule_group *grp = &r->groups[r->n_groups];
        grp->max = max != NULL ? max->valuedouble : INFINITY;
        if ((grp->name = strdup(name->valuestring)) == NULL) {
            return no_memory(c);
        }
        r->n_groups++;
    }
    return LS_OK;
}

static int parse_decay(load_ctx *c, const cJSON *decay)
{
    ls_rules *r = c->r;
    r->decay_column = -1;
    if (decay == NULL) {
        return LS_OK;
    }
    const cJSON *column = cJSON_GetObjectItemCaseSensitive(decay, "column");
    const cJSON *half = cJSON_GetObjectItemCaseSensitive(decay, "half_life_days");
    const cJSON *groups = cJSON_GetObjectItemCaseSensitive(decay, "groups");
    if (!cJSON_IsString(column) || column->valuestring[0] == '\0') {
        return ls_errorf(c->err, LS_EDATA, c->path, 0, 0, "\"decay\" needs a \"column\" of days");
    }
    if (!cJSON_IsNumber(half) || !(half->valuedouble > 0)) {
        return ls_errorf(c->err, LS_EDATA, c->path, 0, 0, "\"decay\" needs \"half_life_days\" above 0");
    }
    if (!cJSON_IsArray(groups)) {
        return ls_errorf(c->err, LS_EDATA, c->path, 0, 0, "\"decay\" needs \"groups\": the groups that decay");
    }
    const cJSON *g;
    cJSON_ArrayForEach(g, groups)
    {
        size_t k = 0;
        while (cJSON_IsString(g) && k < r->n_groups && strcmp(r->groups[k].name, g->valuestring) != 0) {
            k++;
        }
        if (!cJSON_IsString(g) || k == r->n_groups) {
            return ls_errorf(c->err, LS_EDATA, c->path, 0, 0, "\"decay\" names unknown group '%.60s'",
                             cJSON_IsString(g) ? g->valuestring : "?");
        }
        r->groups[k].decays = 1;
    }
    r->half_life_days = half->valuedouble;
    if ((r->decay_column = intern_column(r, column->valuestring, SIZE_MAX, 1, 0)) < 0) {
        return no_memory(c);
    }
    return LS_OK;
}

static int parse_na(load_ctx *c, const cJSON *na)
{
    if (na == NULL) {
        return LS_OK;
    }
    if (cJSON_IsString(na)) {
        return ls_na_list_parse(na->valuestring, &c->r->na) == 0 ? LS_OK : no_memory(c);
    }
    if (!cJSON_IsArray(na)) {
        return ls_errorf(c->err, LS_EDATA, c->path, 0, 0, "\"na\" must be a list of placeholder texts");
    }
    const cJSON *v;
    cJSON_ArrayForEach(v, na)
    {
        if (!cJSON_IsString(v)) {
            return ls_errorf(c->err, LS_EDATA, c->path, 0, 0, "\"na\" must be a list of placeholder texts");
        }
        if (ls_na_list_add(&c->r->na, v->valuestring) != 0) {
            return no_memory(c);
        }
    }
    return LS_OK;
}

/* format, version, name, bands, max_score, calibration */
static int parse_header(load_ctx *c, const cJSON *root)
{
    ls_rules *r = c->r;
    const cJSON *format = cJSON_GetObjectItemCaseSensitive(root, "format");
    if (!cJSON_IsString(format) || strcmp(format->valuestring, LS_RULES_FORMAT) != 0) {
        return ls_errorf(c->err, LS_EDATA, c->path, 0, 0, "not a leadscore rule set (\"format\" is %s%.40s%s, not '%s')",
                         cJSON_IsString(format) ? "'" : "", cJSON_IsString(format) ? format->valuestring : "missing",
                         cJSON_IsString(format) ? "'" : "", LS_RULES_FORMAT);
    }
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(root, "version");
    if (!cJSON_IsNumber(version) || version->valuedouble != floor(version->valuedouble) || version->valuedouble < 1) {
        return ls_errorf(c->err, LS_EDATA, c->path, 0, 0, "the rule set has no \"version\" (a whole number from 1)");
    }
    if (version->valuedouble > LS_RULES_VERSION) {
        return ls_errorf(c->err, LS_EDATA, c->path, 0, 0,
                         "rule set version %g is newer than this leadscore reads (%d): upgrade leadscore",
                         version->valuedouble, LS_RULES_VERSION);
    }
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "name");
    if ((r->name = strdup(cJSON_IsString(name) ? name->valuestring : "")) == NULL) {
        return no_memory(c);
    }
    const cJSON *bands = cJSON_GetObjectItemCaseSensitive(root, "bands");
    if (bands == NULL) {
        ls_bands_default(&r->bands);
    } else if (!cJSON_IsString(bands)) {
        return ls_errorf(c->err, LS_EDATA, c->path, 0, 0, "\"bands\" must be text such as \"Prospect:0,Lead:11\"");
    } else if (ls_bands_parse(bands->valuestring, &r->bands, c->err) != LS_OK) {
        char msg[sizeof c->err->msg];
        snprintf(msg, sizeof msg, "%s", c->err->msg);
        return ls_errorf(c->err, LS_EDATA, c->path, 0, 0, "%s", msg);
    }
    /* scores are 0-100 wherever a score is read (bands, metrics) */
    const cJSON *max_score = cJSON_GetObjectItemCaseSensitive(root, "max_score");
    r->max_score = 100.0;
    if (max_score != NULL) {
        if (!cJSON_IsNumber(max_score) || !(max_score->valuedouble > 0) || max_score->valuedouble > 100) {
            return ls_errorf(c->err, LS_EDATA, c->path, 0, 0, "\"max_score\" must be a number above 0, at most 100");
        }
        r->max_score = max_score->valuedouble;
    }
    const cJSON *cal = cJSON_GetObjectItemCaseSensitive(root, "calibration");
    if (cal != NULL) {
        const cJSON *a = cJSON_GetObjectItemCaseSensitive(cal, "intercept");
        const cJSON *b = cJSON_GetObjectItemCaseSensitive(cal, "slope");
        if (!cJSON_IsNumber(a) || !cJSON_IsNumber(b)) {
            return ls_errorf(c->err, LS_EDATA, c->path, 0, 0,
                             "\"calibration\" needs \"intercept\" and \"slope\" (numbers)");
        }
        r->has_calibration = 1;
        r->cal_intercept = a->valuedouble;
        r->cal_slope = b->valuedouble;
    }
    return LS_OK;
}

static int rules_from_json(const cJSON *root, load_ctx *c)
{
    ls_rules *r = c->r;
    int status = parse_header(c, root);
    if (status == LS_OK) {
        status = parse_na(c, cJSON_GetObjectItemCaseSensitive(root, "na"));
    }
    if (status == LS_OK) {
        status = parse_groups(c, cJSON_GetObjectItemCaseSensitive(root, "groups"));
    }
    const cJSON *rules = cJSON_GetObjectItemCaseSensitive(root, "rules");
    if (status == LS_OK && (!cJSON_IsArray(rules) || cJSON_GetArraySize(rules) == 0)) {
        status = ls_errorf(c->err, LS_EDATA, c->path, 0, 0, "the rule set has no \"rules\" (a list of rules)");
    }
    if (status != LS_OK) {
        return status;
    }
    size_t n = (size_t)cJSON_GetArraySize(rules);
    if ((r->rules = calloc(n, sizeof *r->rules)) == NULL) {
        return no_memory(c);
    }
    const cJSON *rule;
    cJSON_ArrayForEach(rule, rules)
    {
        c->rule = r->n_rules++;
        c->label = NULL;
        if ((status = parse_rule(c, rule)) != LS_OK) {
            return status;
        }
    }
    /* the decay column after the rules' columns: the binding lists rules first */
    status = parse_decay(c, cJSON_GetObjectItemCaseSensitive(root, "decay"));
    if (status != LS_OK) {
        return status;
    }
    r->contribution = calloc(r->n_rules, sizeof *r->contribution);
    r->group_sum = calloc(r->n_groups ? r->n_groups : 1, sizeof *r->group_sum);
    if (r->contribution == NULL || r->group_sum == NULL) {
        return no_memory(c);
    }
    return LS_OK;
}

/* Line and column of a byte offset, for JSON syntax errors. */
static void position_of(const char *text, size_t offset, long *line, long *column)
{
    *line = 1;
    *column = 1;
    for (size_t i = 0; i < offset && text[i] != '\0'; i++) {
        if (text[i] == '\n') {
            (*line)++;
            *column = 1;
        } else {
            (*column)++;
        }
    }
}

int ls_rules_parse(const char *text, size_t len, const char *path, ls_rules **out, ls_error *err)
{
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (root == NULL) {
        long line, column;
        position_of(text, end != NULL ? (size_t)(end - text) : 0, &line, &column);
        return ls_errorf(err, LS_EPARSE, path, line, column, "not valid JSON: not a leadscore rule set");
    }
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        return ls_errorf(err, LS_EDATA, path, 0, 0, "not a leadscore rule set (not a JSON object)");
    }
    int status = ls_rules_from_json(root, path, out, err);
    cJSON_Delete(root);
    return status;
}

int ls_rules_from_json(const cJSON *root, const char *path, ls_rules **out, ls_error *err)
{
    ls_rules *r = calloc(1, sizeof *r);
    if (r == NULL) {
        return ls_errorf(err, LS_ENOMEM, path, 0, 0, "out of memory");
    }
    load_ctx c = {r, path, 0, NULL, err};
    int status = rules_from_json(root, &c);
    if (status != LS_OK) {
        ls_rules_free(r);
        return status;
    }
    *out = r;
    return LS_OK;
}

int ls_rules_load(const char *path, ls_rules **out, ls_error *err)
{
    char *text = NULL;
    size_t len = 0;
    int status = ls_read_file(path, &text, &len, err);
    if (status != LS_OK) {
        return status;
    }
    status = ls_rules_parse(text, len, path, out, err);
    free(text);
    return status;
}

void ls_rules_free(ls_rules *r)
{
    if (r == NULL) {
        return;
    }
    free(r->name);
    ls_na_list_free(&r->na);
    for (size_t i = 0; i < r->n_rules; i++) {
        free(r->rules[i].label);
    }
    free(r->rules);
    for (size_t g = 0; g < r->n_groups; g++) {
        free(r->groups[g].name);
    }
    free(r->groups);
    for (size_t j = 0; j < r->n_columns; j++) {
        free(r->columns[j].name);
        rules_column_release(&r->columns[j]);
    }
    free(r->columns);
    free(r->nodes);
    free(r->child);
    for (size_t v = 0; v < r->n_values; v++) {
        free(r->values[v].key);
    }
    free(r->values);
    for (size_t t = 0; t < r->n_text_values; t++) {
        free((char *)r->text_values[t].value);
    }
    free(r->text_values);
    free(r->contribution);
    free(r->group_sum);
    free(r);
}
