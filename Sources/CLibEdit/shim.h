// libedit (BSD editline) for Swift. el_set, el_get and history are C variadic functions,
// which Swift cannot call; these non-variadic inline wrappers cover the calls Forest makes.
#ifndef FOREST_CLIBEDIT_SHIM_H
#define FOREST_CLIBEDIT_SHIM_H

#include <stdio.h>
#include <histedit.h>

typedef unsigned char (*forest_el_command)(EditLine *, int);
typedef char *(*forest_el_prompt)(EditLine *);

static inline void forest_el_set_prompt(EditLine *el, forest_el_prompt prompt) { el_set(el, EL_PROMPT, prompt); }
static inline void forest_el_set_editor(EditLine *el, const char *editor) { el_set(el, EL_EDITOR, editor); }
static inline void forest_el_set_signal(EditLine *el, int on) { el_set(el, EL_SIGNAL, on); }
static inline void forest_el_set_history(EditLine *el, History *h) { el_set(el, EL_HIST, history, h); }
static inline void forest_el_set_clientdata(EditLine *el, void *data) { el_set(el, EL_CLIENTDATA, data); }
static inline void *forest_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}
static inline void forest_el_add_function(EditLine *el, const char *name, const char *help, forest_el_command f) {
    el_set(el, EL_ADDFN, name, help, f);
}
static inline void forest_el_bind(EditLine *el, const char *key, const char *function) {
    el_set(el, EL_BIND, key, function, NULL);
}
/// Sets a tty flag of libedit's editing mode, e.g. "-isig" so that Ctrl-C reaches the editor
/// as a key instead of raising SIGINT.
static inline void forest_el_setty_edit(EditLine *el, const char *flag) { el_set(el, EL_SETTY, "-d", flag, NULL); }
static inline void forest_el_source(EditLine *el, const char *path) { el_source(el, path); }

static inline int forest_history_setsize(History *h, int size) {
    HistEvent ev;
    return history(h, &ev, H_SETSIZE, size);
}
static inline int forest_history_setunique(History *h, int unique) {
    HistEvent ev;
    return history(h, &ev, H_SETUNIQUE, unique);
}
static inline int forest_history_enter(History *h, const char *line) {
    HistEvent ev;
    return history(h, &ev, H_ENTER, line);
}
static inline int forest_history_load(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_LOAD, path);
}
static inline int forest_history_save(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_SAVE, path);
}
/// The number of entries, or -1.
static inline int forest_history_length(History *h) {
    HistEvent ev;
    if (history(h, &ev, H_GETSIZE) < 0) return -1;
    return ev.num;
}

#endif
