/* sandbox-environment-member.c
 *
 * SPDX-FileCopyrightText: 2026 The sandbox-api developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sandbox-archive-read-private.h"

/**
 * SandboxEnvironmentMember:
 *
 * A member of an environment's archive, as
 * [method@Sandbox.EnvironmentReader.next] gives it: a file, a directory, a
 * link or something else. It never changes, so threads may share it.
 *
 * Since: 1.1
 */
struct _SandboxEnvironmentMember
{
  GObject    parent_instance;

  char      *path;
  char      *link_target;
  GDateTime *modification_time;
  gint64     size;
  GFileType  file_type;
  guint      mode;
};

G_DEFINE_FINAL_TYPE (SandboxEnvironmentMember, sandbox_environment_member, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  PROP_FILE_TYPE,
  PROP_SIZE,
  PROP_MODE,
  PROP_LINK_TARGET,
  PROP_MODIFICATION_TIME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sandbox_environment_member_finalize (GObject *object)
{
  SandboxEnvironmentMember *self = SANDBOX_ENVIRONMENT_MEMBER (object);

  g_free (self->path);
  g_free (self->link_target);
  g_clear_pointer (&self->modification_time, g_date_time_unref);

  G_OBJECT_CLASS (sandbox_environment_member_parent_class)->finalize (object);
}

static void
sandbox_environment_member_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  SandboxEnvironmentMember *self = SANDBOX_ENVIRONMENT_MEMBER (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_FILE_TYPE:
      g_value_set_enum (value, self->file_type);
      break;
    case PROP_SIZE:
      g_value_set_int64 (value, self->size);
      break;
    case PROP_MODE:
      g_value_set_uint (value, self->mode);
      break;
    case PROP_LINK_TARGET:
      g_value_set_string (value, self->link_target);
      break;
    case PROP_MODIFICATION_TIME:
      g_value_set_boxed (value, self->modification_time);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sandbox_environment_member_class_init (SandboxEnvironmentMemberClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sandbox_environment_member_finalize;
  object_class->get_property = sandbox_environment_member_get_property;

  /**
   * SandboxEnvironmentMember:path: (getter get_path)
   *
   * The member's path inside the environment, relative and normalised: no
   * leading `./` or `/`, no empty, `.` or `..` segment, no trailing `/`.
   *
   * Since: 1.1
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, "", G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SandboxEnvironmentMember:file-type: (getter get_file_type)
   *
   * What the member is: %G_FILE_TYPE_REGULAR for a file (and for a hard
   * link, whose [property@Sandbox.EnvironmentMember:link-target] is then
   * set), %G_FILE_TYPE_DIRECTORY, %G_FILE_TYPE_SYMBOLIC_LINK, or
   * %G_FILE_TYPE_SPECIAL for a device node, a FIFO or a socket.
   *
   * Since: 1.1
   */
  properties[PROP_FILE_TYPE] =
    g_param_spec_enum ("file-type", NULL, NULL, G_TYPE_FILE_TYPE, G_FILE_TYPE_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SandboxEnvironmentMember:size: (getter get_size)
   *
   * The size of a regular file's contents in bytes, as its header gives
   * it; 0 for other members.
   *
   * Since: 1.1
   */
  properties[PROP_SIZE] =
    g_param_spec_int64 ("size", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SandboxEnvironmentMember:mode: (getter get_mode)
   *
   * The member's permission bits, with the setuid, setgid and sticky bits
   * (`07777` at most); no file type bits.
   *
   * Since: 1.1
   */
  properties[PROP_MODE] =
    g_param_spec_uint ("mode", NULL, NULL, 0, 07777, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SandboxEnvironmentMember:link-target: (getter get_link_target)
   *
   * For a symbolic link, its target, as the archive gives it (it may point
   * anywhere; [method@Sandbox.EnvironmentReader.extract] refuses those that
   * leave the directory). For a hard link, the normalised path of the
   * member it links to. %NULL for anything else.
   *
   * Since: 1.1
   */
  properties[PROP_LINK_TARGET] =
    g_param_spec_string ("link-target", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SandboxEnvironmentMember:modification-time: (getter get_modification_time)
   *
   * When the member was last modified, in UTC, or %NULL when the archive
   * does not say.
   *
   * Since: 1.1
   */
  properties[PROP_MODIFICATION_TIME] =
    g_param_spec_boxed ("modification-time", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sandbox_environment_member_init (SandboxEnvironmentMember *self)
{
}

SandboxEnvironmentMember *
sandbox_environment_member_new (const char *path,
                                GFileType   file_type,
                                gint64      size,
                                guint       mode,
                                const char *link_target,
                                GDateTime  *modification_time)
{
  SandboxEnvironmentMember *self = g_object_new (SANDBOX_TYPE_ENVIRONMENT_MEMBER, NULL);

  self->path = g_strdup (path);
  self->file_type = file_type;
  self->size = size;
  self->mode = mode & 07777;
  self->link_target = g_strdup (link_target);
  self->modification_time = modification_time ? g_date_time_ref (modification_time) : NULL;
  return self;
}

/**
 * sandbox_environment_member_get_path: (get-property path)
 * @self: a member
 *
 * Gets the member's relative, normalised path.
 *
 * Returns: the member's relative, normalised path
 *
 * Since: 1.1
 */
const char *
sandbox_environment_member_get_path (SandboxEnvironmentMember *self)
{
  g_return_val_if_fail (SANDBOX_IS_ENVIRONMENT_MEMBER (self), NULL);

  return self->path;
}

/**
 * sandbox_environment_member_get_file_type: (get-property file-type)
 * @self: a member
 *
 * Gets what the member is.
 *
 * Returns: what the member is
 *
 * Since: 1.1
 */
GFileType
sandbox_environment_member_get_file_type (SandboxEnvironmentMember *self)
{
  g_return_val_if_fail (SANDBOX_IS_ENVIRONMENT_MEMBER (self), G_FILE_TYPE_UNKNOWN);

  return self->file_type;
}

/**
 * sandbox_environment_member_get_size: (get-property size)
 * @self: a member
 *
 * Gets the size of the member's contents in bytes.
 *
 * Returns: the size of the member's contents in bytes
 *
 * Since: 1.1
 */
gint64
sandbox_environment_member_get_size (SandboxEnvironmentMember *self)
{
  g_return_val_if_fail (SANDBOX_IS_ENVIRONMENT_MEMBER (self), 0);

  return self->size;
}

/**
 * sandbox_environment_member_get_mode: (get-property mode)
 * @self: a member
 *
 * Gets the member's permission bits.
 *
 * Returns: the member's permission bits
 *
 * Since: 1.1
 */
guint
sandbox_environment_member_get_mode (SandboxEnvironmentMember *self)
{
  g_return_val_if_fail (SANDBOX_IS_ENVIRONMENT_MEMBER (self), 0);

  return self->mode;
}

/**
 * sandbox_environment_member_get_link_target: (get-property link-target)
 * @self: a member
 *
 * Gets a link's target, or %NULL.
 *
 * Returns: (nullable): a link's target, or %NULL
 *
 * Since: 1.1
 */
const char *
sandbox_environment_member_get_link_target (SandboxEnvironmentMember *self)
{
  g_return_val_if_fail (SANDBOX_IS_ENVIRONMENT_MEMBER (self), NULL);

  return self->link_target;
}

/**
 * sandbox_environment_member_get_modification_time: (get-property modification-time)
 * @self: a member
 *
 * Gets when the member was last modified, or %NULL.
 *
 * Returns: (nullable) (transfer none): when the member was last modified,
 *   or %NULL
 *
 * Since: 1.1
 */
GDateTime *
sandbox_environment_member_get_modification_time (SandboxEnvironmentMember *self)
{
  g_return_val_if_fail (SANDBOX_IS_ENVIRONMENT_MEMBER (self), NULL);

  return self->modification_time;
}
