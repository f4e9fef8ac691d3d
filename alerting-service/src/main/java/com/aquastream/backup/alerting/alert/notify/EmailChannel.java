package com.aquastream.backup.alerting.alert.notify;

import com.aquastream.backup.alerting.alert.Channel;
import com.aquastream.backup.alerting.alert.DeliveryException;
import com.aquastream.backup.alerting.alert.Notification;
import com.aquastream.backup.alerting.alert.Severity;
import java.util.List;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

/** E-mail over SMTP: the one-line text as subject, the alert's fields in the body. */
public final class EmailChannel implements Channel {

    private final String name;
    private final Severity minSeverity;
    private final JavaMailSender sender;
    private final String from;
    private final List<String> to;

    public EmailChannel(String name, Severity minSeverity, JavaMailSender sender, String from, List<String> to) {
        this.name = name;
        this.minSeverity = minSeverity;
        this.sender = sender;
        this.from = from;
        this.to = List.copyOf(to);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Severity minSeverity() {
        return minSeverity;
    }

    @Override
    public void deliver(Notification n) throws DeliveryException {
        SimpleMailMessage mail = new SimpleMailMessage();
        mail.setFrom(from);
        mail.setTo(to.toArray(String[]::new));
        mail.setSubject(n.text().length() <= 200 ? n.text() : n.text().substring(0, 200) + "...");
        mail.setText(String.join("\n",
                n.text(),
                "",
                "rule:          " + n.rule().wire(),
                "severity:      " + n.severity().wire(),
                "target:        " + n.target(),
                "state:         " + n.kind().name().toLowerCase(java.util.Locale.ROOT),
                "first seen at: " + n.firstSeenAt(),
                "at:            " + n.at(),
                "alert id:      " + n.alertId()));
        try {
            sender.send(mail);
        } catch (MailException e) {
            // The SMTP password is never part of these messages; the cause's type says what kind of failure it was.
            Throwable root = e.getMostSpecificCause();
            throw new DeliveryException(name + ": " + e.getClass().getSimpleName() + " (" + root.getClass().getSimpleName()
                    + ")");
        }
    }
}
