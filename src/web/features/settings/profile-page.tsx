import { MIN_PASSWORD_LENGTH } from "@core/password-policy";
import type { Profile } from "@shared/api";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@web/components/ui/alert";
import { Avatar } from "@web/components/ui/avatar";
import { Badge } from "@web/components/ui/badge";
import { Button } from "@web/components/ui/button";
import { Checkbox, Field, Input, PasswordInput } from "@web/components/ui/input";
import { Spinner } from "@web/components/ui/spinner";
import { toast } from "@web/components/ui/toast";
import { api } from "@web/lib/api";
import { authClient, verificationCallback } from "@web/lib/auth-client";
import { authCodeOf, fieldErrorsOf, formErrorOf } from "@web/lib/form";
import { formatDate } from "@web/lib/format";
import { useInstance } from "@web/lib/instance";
import { meQuery, useSession } from "@web/lib/session";
import { BadgeCheck } from "lucide-react";
import { useEffect, useState } from "react";
import { NotificationSettingsCard } from "../notifications/notification-settings";
import { SettingsCard, SettingsHeader } from "./settings-ui";
import { TwoFactorCard } from "./two-factor-card";

export function ProfilePage() {
  return (
    <>
      <SettingsHeader
        title="Profile & security"
        description="Your name as others see it, your password and two-factor authentication. These apply in every organization."
      />
      <div className="space-y-6">
        <ProfileCard />
        <PasswordCard />
        <TwoFactorCard />
        <NotificationSettingsCard />
      </div>
    </>
  );
}

function ProfileCard() {
  const { user } = useSession();
  const queryClient = useQueryClient();
  const { data: instance } = useInstance();
  const [name, setName] = useState(user.name);
  useEffect(() => setName(user.name), [user.name]);
  const save = useMutation({
    mutationFn: () => api.patch<Profile>("/me", { name: name.trim() }),
    onSuccess: async () => {
      toast.success("Profile saved");
      await queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
    },
  });
  const resend = useMutation({
    mutationFn: () =>
      authClient.sendVerificationEmail({
        email: user.email,
        callbackURL: verificationCallback("/settings/profile"),
      }),
    onSuccess: () =>
      toast.success("Confirmation link sent", {
        description:
          instance?.mail_transport === "outbox"
            ? "Mail isn't configured: the link was written to the server's outbox (DATA_DIR/outbox) and log."
            : `Check the inbox of ${user.email}.`,
      }),
    onError: (error) => toast.error("Could not send the link", { description: formErrorOf(error) }),
  });
  const errors = fieldErrorsOf(save.error);
  const message = formErrorOf(save.error, ["name"]);
  const changed = name.trim() !== user.name && name.trim().length > 0;

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (changed) save.mutate();
      }}
    >
      <SettingsCard
        title="Profile"
        footer={
          <Button type="submit" disabled={!changed || save.isPending}>
            {save.isPending ? <Spinner /> : null}
            Save profile
          </Button>
        }
      >
        <div className="flex flex-col gap-6 sm:flex-row">
          <div className="flex items-center gap-3 sm:w-48 sm:flex-col sm:items-start">
            <Avatar name={name || user.name} seed={user.id} size="lg" className="size-14 text-base" />
            <p className="text-ink-muted text-xs">Member since {formatDate(user.created_at)}</p>
          </div>
          <div className="min-w-0 flex-1 space-y-5">
            {message ? (
              <Alert variant="danger" live>
                {message}
              </Alert>
            ) : null}
            <Field label="Full name" error={errors.name} className="max-w-md">
              {(control) => (
                <Input
                  {...control}
                  autoComplete="name"
                  required
                  maxLength={80}
                  value={name}
                  onChange={(event) => setName(event.target.value)}
                />
              )}
            </Field>
            <Field
              label="Email"
              className="max-w-md"
              hint={
                user.email_verified ? (
                  "Your sign-in address. Invitations are matched to it."
                ) : (
                  <>
                    Not confirmed yet.{" "}
                    <button
                      type="button"
                      onClick={() => resend.mutate()}
                      disabled={resend.isPending}
                      className="font-medium text-accent-700 hover:underline disabled:opacity-60"
                    >
                      {resend.isPending ? "Sending…" : "Send a new confirmation link"}
                    </button>
                  </>
                )
              }
              aside={
                user.email_verified ? (
                  <Badge variant="success">
                    <BadgeCheck aria-hidden="true" />
                    Verified
                  </Badge>
                ) : (
                  <Badge variant="warning">Unconfirmed</Badge>
                )
              }
            >
              {(control) => <Input {...control} value={user.email} readOnly />}
            </Field>
          </div>
        </div>
      </SettingsCard>
    </form>
  );
}

function PasswordCard() {
  const { user } = useSession();
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const [signOutOthers, setSignOutOthers] = useState(true);
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: () =>
      authClient.changePassword({
        currentPassword: current,
        newPassword: next,
        revokeOtherSessions: signOutOthers,
      }),
    onSuccess: async () => {
      setCurrent("");
      setNext("");
      setConfirmation("");
      toast.success("Password changed", {
        description: signOutOthers ? "Your other devices were signed out." : undefined,
      });
      await queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
    },
  });
  const code = authCodeOf(change.error);
  const currentError = code === "INVALID_PASSWORD" ? "That isn't your current password." : null;
  const nextError =
    code === "WEAK_PASSWORD" || code === "PASSWORD_TOO_SHORT" || code === "PASSWORD_TOO_LONG"
      ? (change.error?.message ?? null)
      : null;
  const message =
    currentError || nextError ? null : formErrorOf(change.error, ["currentPassword", "newPassword"]);

  return (
    <form
      id="security"
      noValidate
      className="scroll-mt-24"
      onSubmit={(event) => {
        event.preventDefault();
        if (next !== confirmation) {
          setMismatch(true);
          return;
        }
        setMismatch(false);
        change.mutate();
      }}
    >
      {/* A hidden username field lets password managers update the right entry. */}
      <input type="email" autoComplete="username" value={user.email} readOnly hidden />
      <SettingsCard
        title="Password"
        description="Use a long password you don't use anywhere else."
        footer={
          <Button type="submit" disabled={change.isPending || !current || !next || !confirmation}>
            {change.isPending ? <Spinner /> : null}
            Change password
          </Button>
        }
      >
        <div className="max-w-md space-y-5">
          {message ? (
            <Alert variant="danger" live>
              {message}
            </Alert>
          ) : null}
          <Field label="Current password" error={currentError}>
            {(control) => (
              <PasswordInput
                {...control}
                autoComplete="current-password"
                value={current}
                onChange={(event) => setCurrent(event.target.value)}
              />
            )}
          </Field>
          <Field label="New password" error={nextError} hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}>
            {(control) => (
              <PasswordInput
                {...control}
                autoComplete="new-password"
                value={next}
                onChange={(event) => setNext(event.target.value)}
              />
            )}
          </Field>
          <Field label="Confirm new password" error={mismatch ? "The two passwords are not the same." : null}>
            {(control) => (
              <PasswordInput
                {...control}
                autoComplete="new-password"
                value={confirmation}
                onChange={(event) => setConfirmation(event.target.value)}
              />
            )}
          </Field>
          <Checkbox
            label="Sign out of my other devices"
            description="Recommended if you think someone else knows your password."
            checked={signOutOthers}
            onChange={(event) => setSignOutOthers(event.target.checked)}
          />
        </div>
      </SettingsCard>
    </form>
  );
}
