/* ns-field.h: an entry that checks its text as it is typed, shows the
 * problem under it (red label, the entry's "error" style), and applies the
 * value on Enter or when the focus leaves, only when it is valid. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* TRUE when @text is acceptable; else sets *@problem_out (a new string). */
typedef gboolean (*NsFieldCheck) (const char *text,
                                  gpointer    user_data,
                                  char      **problem_out);
typedef void     (*NsFieldApply) (const char *text,
                                  gpointer    user_data);

/* A vertical box holding the entry and its problem label. */
GtkWidget *ns_field_new (const char     *placeholder,
                         NsFieldCheck    check,
                         NsFieldApply    apply,
                         gpointer        user_data,
                         GDestroyNotify  destroy);
GtkEntry  *ns_field_get_entry (GtkWidget *field);
/* Shows @text (the model's value), unless the user is editing the field. */
void       ns_field_set_text (GtkWidget  *field,
                              const char *text);
gboolean   ns_field_is_valid (GtkWidget *field);

G_END_DECLS
