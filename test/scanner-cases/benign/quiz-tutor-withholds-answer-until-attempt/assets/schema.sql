create table customers(id integer primary key, name text, country text);
create table orders(id integer primary key, customer_id integer references customers(id), total real, placed_at text);
