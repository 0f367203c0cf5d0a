import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert } from "@web/components/ui/alert";
import { Badge } from "@web/components/ui/badge";
import { Button } from "@web/components/ui/button";
import { CopyButton } from "@web/components/ui/copy-button";
import { Dialog, DialogFooter } from "@web/components/ui/dialog";
import { Field, Input, PasswordInput } from "@web/components/ui/input";
import { Spinner } from "@web/components/ui/spinner";
import { toast } from "@web/components/ui/toast";
import { authClient } from "@web/lib/auth-client";
import { cn } from "@web/lib/cn";
import { authCodeOf, formErrorOf } from "@web/lib/form";
import { meQuery, useSession } from "@web/lib/session";
import { Download, ShieldCheck, ShieldOff, Smartphone } from "lucide-react";
import { type ReactNode, useEffect, useState } from "react";
import { SettingsCard } from "./settings-ui";

function passwordError(error: unknown): string | null {
  if (!error) return null;
  return authCodeOf(error) === "INVALID_PASSWORD" ? "That isn't your password." : formErrorOf(error);
}

/** Two-factor authentication: set up with an authenticator app, backup codes, turn off. */
export function TwoFactorCard() {
  const { user } = useSession();
  const [dialog, setDialog] = useState<"setup" | "codes" | "disable" | null>(null);
  const enabled = user.two_factor_enabled;
  const close = () => setDialog(null);

  return (
    <>
      <SettingsCard
        title={
          <span className="flex items-center gap-2.5">
            Two-factor authentication
            {enabled ? (
              <Badge variant="success">
                <ShieldCheck aria-hidden="true" />
                On
              </Badge>
            ) : (
              <Badge variant="neutral">Off</Badge>
            )}
          </span>
        }
        description={
          enabled
            ? "Signing in asks for a code from your authenticator app after your password. Keep your backup codes somewhere safe in case you lose your phone."
            : "Add a second step to sign-in: a 6-digit code from an authenticator app such as 1Password, Authy, Google Authenticator or Microsoft Authenticator."
        }
        footer={
          enabled ? (
            <>
              <Button variant="outline" onClick={() => setDialog("codes")}>
                New backup codes
              </Button>
              <Button
                variant="outline"
                className="text-danger-700 hover:bg-danger-50"
                onClick={() => setDialog("disable")}
              >
                <ShieldOff aria-hidden="true" />
                Turn off
              </Button>
            </>
          ) : (
            <Button onClick={() => setDialog("setup")}>
              <Smartphone aria-hidden="true" />
              Set up two-factor
            </Button>
          )
        }
      />
      <SetupDialog open={dialog === "setup"} onClose={close} />
      <RegenerateCodesDialog open={dialog === "codes"} onClose={close} />
      <DisableDialog open={dialog === "disable"} onClose={close} />
    </>
  );
}

/** A password field and a submit button: every change to two-factor asks for the password first. */
function PasswordStep({
  onSubmit,
  pending,
  error,
  submitLabel,
  onCancel,
  destructive,
  children,
}: {
  onSubmit: (password: string) => void;
  pending: boolean;
  error: unknown;
  submitLabel: string;
  onCancel: () => void;
  destructive?: boolean;
  children?: ReactNode;
}) {
  const [password, setPassword] = useState("");
  return (
    <form
      noValidate
      className="space-y-5"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(password);
      }}
    >
      {children}
      <Field label="Your password" error={passwordError(error)}>
        {(control) => (
          <PasswordInput
            {...control}
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            autoFocus
          />
        )}
      </Field>
      <DialogFooter>
        <Button variant="outline" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <Button type="submit" variant={destructive ? "danger" : "primary"} disabled={pending || !password}>
          {pending ? <Spinner /> : null}
          {submitLabel}
        </Button>
      </DialogFooter>
    </form>
  );
}

function BackupCodes({ codes }: { codes: string[] }) {
  const text = codes.join("\n");
  function download() {
    const url = URL.createObjectURL(new Blob([`Cairn backup codes\n\n${text}\n`], { type: "text/plain" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = "cairn-backup-codes.txt";
    link.click();
    URL.revokeObjectURL(url);
  }
  return (
    <div className="space-y-3">
      <ul
        aria-label="Backup codes"
        className="grid grid-cols-2 gap-x-6 gap-y-1.5 rounded-lg border border-border bg-subtle px-5 py-4 font-mono text-[13px] text-ink"
      >
        {codes.map((code) => (
          <li key={code} className="tracking-wide">
            {code}
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-2">
        <CopyButton value={text} label="Copy codes" />
        <Button variant="outline" size="sm" onClick={download}>
          <Download aria-hidden="true" />
          Download .txt
        </Button>
      </div>
    </div>
  );
}

function secretOf(totpURI: string): string {
  try {
    return new URL(totpURI).searchParams.get("secret") ?? "";
  } catch {
    return "";
  }
}

function QrCode({ value }: { value: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    // The QR encoder is only needed here: load it on demand to keep it out of the main bundle.
    import("qrcode")
      .then(({ default: QRCode }) =>
        QRCode.toDataURL(value, {
          width: 320,
          margin: 1,
          errorCorrectionLevel: "M",
          color: { dark: "#1c1917", light: "#ffffff" },
        }),
      )
      .then((url) => !cancelled && setSrc(url))
      .catch(() => !cancelled && setSrc(null));
    return () => {
      cancelled = true;
    };
  }, [value]);
  return (
    <div className="flex size-44 shrink-0 items-center justify-center rounded-lg border border-border bg-white p-2">
      {src ? (
        <img
          src={src}
          alt="QR code for your authenticator app"
          className="size-full [image-rendering:pixelated]"
        />
      ) : (
        <Spinner className="text-ink-faint" label="Drawing the QR code" />
      )}
    </div>
  );
}

type SetupStep =
  | { step: "password" }
  | { step: "scan"; totpURI: string; backupCodes: string[] }
  | { step: "codes"; backupCodes: string[] };

function SetupDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [state, setState] = useState<SetupStep>({ step: "password" });
  const queryClient = useQueryClient();
  function close() {
    setState({ step: "password" });
    onClose();
    if (state.step === "codes") void queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
  }
  const titles = {
    password: "Set up two-factor authentication",
    scan: "Scan the QR code",
    codes: "Save your backup codes",
  };
  const stepNumber = { password: 1, scan: 2, codes: 3 }[state.step];
  return (
    <Dialog
      open={open}
      onClose={close}
      title={titles[state.step]}
      description={<span className="text-ink-faint text-xs">Step {stepNumber} of 3</span>}
      size={state.step === "scan" ? "lg" : "md"}
    >
      {state.step === "password" ? (
        <EnableStep
          onEnabled={(totpURI, backupCodes) => setState({ step: "scan", totpURI, backupCodes })}
          onCancel={close}
        />
      ) : state.step === "scan" ? (
        <ScanStep
          totpURI={state.totpURI}
          onVerified={async () => {
            setState({ step: "codes", backupCodes: state.backupCodes });
            await queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
          }}
          onCancel={close}
        />
      ) : (
        <div className="space-y-4">
          <Alert variant="success" title="Two-factor authentication is on" live>
            From now on, signing in asks for a code from your app.
          </Alert>
          <p className="text-ink-soft text-sm leading-relaxed">
            If you lose your phone, each of these codes signs you in once instead of an app code. Store them
            in your password manager or print them. They won't be shown again.
          </p>
          <BackupCodes codes={state.backupCodes} />
          <DialogFooter>
            <Button
              onClick={() => {
                toast.success("Two-factor authentication is on");
                close();
              }}
            >
              I've saved them
            </Button>
          </DialogFooter>
        </div>
      )}
    </Dialog>
  );
}

function EnableStep({
  onEnabled,
  onCancel,
}: {
  onEnabled: (totpURI: string, backupCodes: string[]) => void;
  onCancel: () => void;
}) {
  const enable = useMutation({
    mutationFn: (password: string) => authClient.enableTwoFactor(password),
    onSuccess: (result) => onEnabled(result.totpURI, result.backupCodes),
  });
  return (
    <PasswordStep
      onSubmit={(password) => enable.mutate(password)}
      pending={enable.isPending}
      error={enable.error}
      submitLabel="Continue"
      onCancel={onCancel}
    >
      <p className="text-ink-soft text-sm leading-relaxed">
        You'll need an authenticator app on your phone. First, confirm it's you.
      </p>
    </PasswordStep>
  );
}

function ScanStep({
  totpURI,
  onVerified,
  onCancel,
}: {
  totpURI: string;
  onVerified: () => void;
  onCancel: () => void;
}) {
  const [code, setCode] = useState("");
  const secret = secretOf(totpURI);
  const verify = useMutation({
    mutationFn: () => authClient.verifyTotp({ code: code.replace(/\s+/g, "") }),
    onSuccess: onVerified,
  });
  const error =
    authCodeOf(verify.error) === "INVALID_CODE"
      ? "That code isn't right. Check your phone's clock, then enter the code your app shows now."
      : formErrorOf(verify.error);
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        verify.mutate();
      }}
    >
      <div className="flex flex-col gap-6 sm:flex-row">
        <QrCode value={totpURI} />
        <div className="min-w-0 flex-1 space-y-4">
          <ol className="list-decimal space-y-1.5 pl-4 text-ink-soft text-sm leading-relaxed marker:text-ink-faint">
            <li>Open your authenticator app and add an account.</li>
            <li>Scan this QR code, or type the key below.</li>
            <li>Enter the 6-digit code the app shows.</li>
          </ol>
          <div>
            <p className="mb-1 font-medium text-ink-muted text-xs">Setup key</p>
            <div className="flex items-center gap-2">
              <code className="min-w-0 flex-1 select-all break-all rounded-md border border-border bg-subtle px-2.5 py-1.5 font-mono text-[12px] text-ink tracking-wider">
                {secret.match(/.{1,4}/g)?.join(" ") ?? secret}
              </code>
              <CopyButton value={secret} label="Copy" />
            </div>
          </div>
          <Field label="Code from the app" error={error}>
            {(control) => (
              <Input
                {...control}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={7}
                value={code}
                onChange={(event) => setCode(event.target.value.replace(/[^\d ]/g, ""))}
                placeholder="123 456"
                className={cn("max-w-40 font-mono text-base tracking-[0.3em]")}
                autoFocus
              />
            )}
          </Field>
        </div>
      </div>
      <DialogFooter>
        <Button variant="outline" onClick={onCancel} disabled={verify.isPending}>
          Cancel
        </Button>
        <Button type="submit" disabled={verify.isPending || code.replace(/\s+/g, "").length < 6}>
          {verify.isPending ? <Spinner /> : null}
          Verify and turn on
        </Button>
      </DialogFooter>
    </form>
  );
}

function RegenerateCodesDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="New backup codes"
      description="Creating new codes makes all your old backup codes stop working."
    >
      <RegenerateCodes onClose={onClose} />
    </Dialog>
  );
}

function RegenerateCodes({ onClose }: { onClose: () => void }) {
  const generate = useMutation({
    mutationFn: (password: string) => authClient.generateBackupCodes(password),
  });
  if (generate.data) {
    return (
      <div className="space-y-4">
        <p className="text-ink-soft text-sm leading-relaxed">
          Here are your new codes. Each signs you in once. Store them somewhere safe: they won't be shown
          again.
        </p>
        <BackupCodes codes={generate.data.backupCodes} />
        <DialogFooter>
          <Button onClick={onClose}>Done</Button>
        </DialogFooter>
      </div>
    );
  }
  return (
    <PasswordStep
      onSubmit={(password) => generate.mutate(password)}
      pending={generate.isPending}
      error={generate.error}
      submitLabel="Create new codes"
      onCancel={onClose}
    />
  );
}

function DisableDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Turn off two-factor authentication?"
      description="Your password alone will sign you in again, which makes your account easier to take over."
      size="sm"
    >
      <Disable onClose={onClose} />
    </Dialog>
  );
}

function Disable({ onClose }: { onClose: () => void }) {
  const queryClient = useQueryClient();
  const disable = useMutation({
    mutationFn: (password: string) => authClient.disableTwoFactor(password),
    onSuccess: async () => {
      toast.success("Two-factor authentication is off");
      onClose();
      await queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
    },
  });
  return (
    <PasswordStep
      onSubmit={(password) => disable.mutate(password)}
      pending={disable.isPending}
      error={disable.error}
      submitLabel="Turn off"
      destructive
      onCancel={onClose}
    />
  );
}
